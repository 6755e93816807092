package dev.trawl.fetch.internal.outcome;

import dev.trawl.schemas.Topics;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands outcomes to the Kafka producer on a thread of its own, so that a producer blocked on a full
 * buffer never holds an HTTP client thread. Results go to the pages topic and failures to the DLQ
 * topic, keyed by host.
 *
 * <p>Thread-safety: {@link #publish} may be called from any thread; the queue is the only state
 * shared with the publisher thread. The listener is called on the publisher thread ({@code
 * handedOff}) and on the producer's I/O thread ({@code acknowledged}).
 *
 * @param <T> what the listener is handed back with each outcome (the worker's unit of work)
 */
public final class OutcomePublisher<T> implements AutoCloseable {

  /**
   * What happens to a published outcome.
   *
   * @param <T> what the publisher hands back with each outcome
   */
  public interface Listener<T> {
    /** The producer has taken (or refused) {@code outcome}: its body bytes can be reused. */
    void handedOff(T work, Outcome outcome);

    /** Kafka acknowledged the record ({@code failure} null), or will never store it. */
    void acknowledged(T work, Exception failure);
  }

  private static final Logger log = LoggerFactory.getLogger(OutcomePublisher.class);

  private record Entry<T>(Outcome outcome, T work) {}

  /** Bounds close(): a send blocks at most the producer's max.block.ms (60 s by default). */
  private static final long JOIN_TIMEOUT_MILLIS = 70_000;

  private final Entry<T> end = new Entry<>(null, null);

  private final Producer<String, byte[]> producer;
  private final String pagesTopic;
  private final String dlqTopic;
  private final Listener<T> listener;
  private final BlockingQueue<Entry<T>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;

  /** Written by {@link #close}, read by publishers; outcomes arriving after it are dropped. */
  private volatile boolean closed;

  public OutcomePublisher(
      Producer<String, byte[]> producer, String pagesTopic, String dlqTopic, Listener<T> listener) {
    this.producer = producer;
    this.pagesTopic = pagesTopic;
    this.dlqTopic = dlqTopic;
    this.listener = listener;
    this.thread = new Thread(this::run, "trawl-fetch-publisher");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Queues {@code outcome} for sending, to be handed back with {@code work}; returns false
   * (dropping it) once closed.
   */
  public boolean publish(Outcome outcome, T work) {
    if (closed) {
      return false;
    }
    queue.add(new Entry<>(outcome, work));
    return true;
  }

  /** Outcomes queued and not yet handed to the producer. */
  public int queued() {
    return queue.size();
  }

  private void run() {
    while (true) {
      Entry<T> entry;
      try {
        entry = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (entry == end) {
        return;
      }
      send(entry);
    }
  }

  private void send(Entry<T> entry) {
    T work = entry.work();
    try {
      ProducerRecord<String, byte[]> record = record(entry.outcome());
      producer.send(record, (metadata, failure) -> listener.acknowledged(work, failure));
    } catch (RuntimeException e) {
      log.error(
          "cannot send the outcome of {}: {}", entry.outcome().request().getUrl(), e.toString());
      listener.acknowledged(work, e);
    } finally {
      listener.handedOff(work, entry.outcome());
    }
  }

  private ProducerRecord<String, byte[]> record(Outcome outcome) {
    if (outcome instanceof Outcome.Page page) {
      byte[] value = Topics.PAGES.valueSerde().serializer().serialize(pagesTopic, page.result());
      return new ProducerRecord<>(pagesTopic, outcome.host(), value);
    }
    Outcome.Failure failure = (Outcome.Failure) outcome;
    byte[] value =
        Topics.FETCH_DLQ.valueSerde().serializer().serialize(dlqTopic, failure.failure());
    return new ProducerRecord<>(dlqTopic, outcome.host(), value);
  }

  /**
   * Stops accepting outcomes, hands every one already queued to the producer, and stops the thread.
   * Does not flush or close the producer.
   */
  @Override
  public void close() {
    closed = true;
    queue.add(end);
    try {
      thread.join(JOIN_TIMEOUT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn(
          "publisher thread still busy after {} ms; {} outcomes not sent",
          JOIN_TIMEOUT_MILLIS,
          queue.size());
      thread.interrupt();
    }
  }
}
