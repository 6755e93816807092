package dev.trawl.fetch.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts fetches as the host queues allow, turns each end of a fetch into its outcome record, and
 * marks the offset complete when Kafka acknowledges that record. A fetch holds its in-flight slot
 * until its outcome is handed to the producer, which bounds the outcomes held in memory.
 *
 * <p>Threads: {@link #dispatch} runs on the poll thread (after new work is queued) and on the
 * publisher thread (after a slot is freed); HTTP client threads build outcomes; the producer's I/O
 * thread acknowledges them. Shared state is the thread-safe queues, tracker and atomics below.
 */
public final class Dispatcher implements OutcomePublisher.Listener {

  /** What the owner of the dispatcher is told. */
  public interface Events {
    /** A fetch of {@code work} is about to start: it left the buffer. */
    void started(Work work);

    /** An outcome could not be built or stored: offsets would stall, the worker should stop. */
    void failed(Exception cause);
  }

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final HostQueues<Work> queues;
  private final PageFetcher fetcher;
  private final OffsetTracker offsets;
  private final FetchMetrics metrics;
  private final Events events;
  private final OutcomePublisher publisher;

  /** Work started (or published without a fetch) whose outcome is not yet acknowledged. */
  private final AtomicInteger outstanding = new AtomicInteger();

  /** Outcomes acknowledged by Kafka. */
  private final AtomicLong completed = new AtomicLong();

  /** Set once by {@link #stopStarting}; read by dispatching threads. */
  private volatile boolean stopped;

  public Dispatcher(
      HostQueues<Work> queues,
      PageFetcher fetcher,
      Producer<String, byte[]> producer,
      String pagesTopic,
      String dlqTopic,
      OffsetTracker offsets,
      FetchMetrics metrics,
      Events events) {
    this.queues = queues;
    this.fetcher = fetcher;
    this.offsets = offsets;
    this.metrics = metrics;
    this.events = events;
    // Last: the publisher calls back into this object, which is complete by now.
    this.publisher = new OutcomePublisher(producer, pagesTopic, dlqTopic, this);
  }

  /** Starts every fetch the limits allow. */
  public void dispatch() {
    Work work;
    while (!stopped && (work = queues.next()) != null) {
      start(work);
    }
  }

  /** Publishes the outcome of work that needs no fetch (an invalid URL). */
  public void publishWithoutFetch(Work work, Throwable failure) {
    outstanding.incrementAndGet();
    finish(work, null, failure, 0);
  }

  /** No fetch starts after this; fetches running go on. */
  public void stopStarting() {
    stopped = true;
  }

  /** Hands every outcome already queued to the producer; later ones are dropped. */
  public void closePublisher() {
    publisher.close();
  }

  /** Work started and not yet acknowledged. */
  public int outstanding() {
    return outstanding.get();
  }

  /** Outcomes acknowledged by Kafka. */
  public long completed() {
    return completed.get();
  }

  private void start(Work work) {
    events.started(work);
    outstanding.incrementAndGet();
    long startNanos = System.nanoTime();
    fetcher
        .fetch(work.uri())
        .whenComplete(
            (page, failure) -> finish(work, page, failure, System.nanoTime() - startNanos));
  }

  /** Builds the outcome and queues it for the producer; runs on an HTTP client thread. */
  private void finish(Work work, HttpPage page, Throwable failure, long nanos) {
    boolean published = false;
    try {
      Outcome outcome =
          FetchOutcomes.of(
              work.request(),
              page,
              failure,
              TimeUnit.NANOSECONDS.toMillis(nanos),
              System.currentTimeMillis());
      published = publisher.publish(outcome, work);
      if (published) {
        metrics.outcome(outcome, nanos);
      }
    } catch (RuntimeException e) {
      log.error("cannot build the outcome of {}", work.request().getUrl(), e);
      events.failed(e);
    }
    if (!published) {
      // Closing, or failed above: nothing will hand it off or acknowledge it.
      if (work.holdsSlot()) {
        queues.release(work.host());
      }
      outstanding.decrementAndGet();
    }
  }

  @Override
  public void handedOff(Work work) {
    if (work.holdsSlot()) {
      queues.release(work.host());
      dispatch();
    }
  }

  @Override
  public void acknowledged(Work work, Exception failure) {
    if (failure == null) {
      offsets.complete(work.partition(), work.offset());
      completed.incrementAndGet();
    } else {
      log.error(
          "Kafka did not store the outcome of {} ({}-{} at offset {}): {}",
          work.request().getUrl(),
          work.partition().topic(),
          work.partition().partition(),
          work.offset(),
          failure.toString());
      metrics.publishFailed();
      events.failed(failure);
    }
    outstanding.decrementAndGet();
  }
}
