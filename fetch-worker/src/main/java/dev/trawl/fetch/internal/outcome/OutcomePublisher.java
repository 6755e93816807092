package dev.trawl.fetch.internal.outcome;

import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands outcomes to the Kafka producer on a thread of its own, so that a producer blocked on a full
 * buffer never holds an HTTP client thread, and sees each one stored: results go to the pages
 * topic, failures to the DLQ topic (keyed by host), dead letters to the process DLQ topic (keyed by
 * their source record's key). No failed publish stops it ({@link PublishErrors}): a transient
 * failure is sent again after a backoff, for as long as it takes, and a record Kafka refuses for
 * good is replaced by its smallest form ({@link FetchOutcomes#refused}), so every consumed record
 * still ends in one record. Only a fatal failure (no resend cures it) is handed to the owner. After
 * a transient failure nothing is sent for a backoff (doubling with each failure in a row, ended by
 * the first record stored): outcomes are held back meanwhile, still counted as waiting for the
 * producer, and the first one sent after it is the probe, so an unreachable broker costs one
 * blocked send (max.block.ms) per backoff, not one per outcome.
 *
 * <p>Thread-safety: {@link #publish} may be called from any thread. State shared between the
 * publisher thread, the producer's I/O thread (callbacks) and the resend timer's thread is the
 * concurrent queue and map and the atomics below; the lock orders closing with queueing. The
 * listener is called on all three threads.
 *
 * @param <T> what the listener is handed back with each outcome (the worker's unit of work)
 */
public final class OutcomePublisher<T> implements AutoCloseable {

  /**
   * What happens to a published outcome. Each outcome given to {@link #publish} ends in exactly one
   * of {@link #acknowledged} and {@link #abandoned}.
   *
   * @param <T> what the publisher hands back with each outcome
   */
  public interface Listener<T> {
    /**
     * The outcome of {@code work} waits no more for the producer: the producer took (or refused)
     * it, or it was dropped.
     */
    void handedOff(T work);

    /** The outcome of {@code work} waits for the producer again: to be sent again, or replaced. */
    void waitingAgain(T work);

    /** Kafka stored {@code outcome}, the record {@code work} ends in. */
    void acknowledged(T work, Outcome outcome);

    /**
     * {@code outcome} will never be stored: dropped on purpose ({@code fatal} null: closing, or no
     * longer {@link #wanted}) or after a failure no resend cures ({@code fatal}).
     */
    void abandoned(T work, Outcome outcome, Exception fatal);

    /** {@code refused} was replaced by a smaller record: its body is no longer held. */
    void replaced(T work, Outcome refused);

    /** True while the outcome of {@code work} is still wanted (its partition not revoked). */
    boolean wanted(T work);
  }

  private static final Logger log = LoggerFactory.getLogger(OutcomePublisher.class);

  /** Nothing is sent for this long after a transient failure, twice as long after each next one. */
  static final long FIRST_BACKOFF_MILLIS = 200;

  static final long MAX_BACKOFF_MILLIS = 10_000;

  /** Bounds close(): a send blocks at most the producer's max.block.ms (60 s by default). */
  private static final long JOIN_TIMEOUT_MILLIS = 70_000;

  /**
   * One outcome on its way.
   *
   * @param smallest true for the smallest form of a refused outcome: nothing smaller replaces it
   */
  private record Entry<T>(Outcome outcome, T work, boolean smallest) {}

  /**
   * Where outcomes go.
   *
   * @param producer the producer that sends them
   * @param pages the topic of results
   * @param dlq the topic of failures
   * @param processDlq the topic of dead letters of records that are no request
   * @param maxRequestBytes the producer's max.request.size, named when a record is too large
   */
  public record Target(
      Producer<byte[], byte[]> producer,
      String pages,
      String dlq,
      String processDlq,
      long maxRequestBytes) {}

  private final Entry<T> end = new Entry<>(null, null, false);

  /** Orders {@link #closed} with the queueing of outcomes, so none is queued after the end. */
  private final Object lock = new Object();

  private final long firstBackoffMillis;
  private final Producer<byte[], byte[]> producer;
  private final OutcomeRecords records;
  private final Listener<T> listener;
  private final FetchMetrics metrics;
  private final BlockingQueue<Entry<T>> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final ScheduledThreadPoolExecutor resends;

  /** Outcomes held back while Kafka is unreachable, by a token of each wait. */
  private final Map<Object, Entry<T>> waitingResend = new ConcurrentHashMap<>();

  /** Until when (epoch millis) nothing is sent: Kafka failed a send transiently moments ago. */
  private final AtomicLong unreachableUntil = new AtomicLong();

  /** Transient failures since the last record stored: the backoff doubles with each. */
  private final AtomicInteger failuresInARow = new AtomicInteger();

  /** Written by {@link #close}, read by publishers; outcomes arriving after it are dropped. */
  private volatile boolean closed;

  public OutcomePublisher(Target target, FetchMetrics metrics, Listener<T> listener) {
    this(target, metrics, listener, FIRST_BACKOFF_MILLIS);
  }

  /** With the first backoff after a transient failure in milliseconds (tests wait for it). */
  OutcomePublisher(
      Target target, FetchMetrics metrics, Listener<T> listener, long firstBackoffMillis) {
    this.firstBackoffMillis = firstBackoffMillis;
    this.producer = target.producer();
    this.records = new OutcomeRecords(target);
    this.metrics = metrics;
    this.listener = listener;
    this.resends =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "trawl-fetch-resend");
              t.setDaemon(true);
              return t;
            });
    metrics.publishResends(waitingResend::size);
    this.thread = new Thread(this::run, "trawl-fetch-publisher");
    this.thread.setDaemon(true);
    this.thread.start();
  }

  /**
   * Queues {@code outcome} for sending, to be handed back with {@code work}; returns false
   * (dropping it) once closed.
   */
  public boolean publish(Outcome outcome, T work) {
    synchronized (lock) {
      if (closed) {
        return false;
      }
      queue.add(new Entry<>(outcome, work, false));
      return true;
    }
  }

  /** Outcomes queued and not yet handed to the producer. */
  public int queued() {
    return queue.size();
  }

  /** Outcomes held back after a transient failure: while more than none, Kafka is unreachable. */
  public int resending() {
    return waitingResend.size();
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
      long wait = unreachableUntil.get() - System.currentTimeMillis();
      if (wait > 0) {
        park(
            entry, wait); // Kafka failed moments ago: only the first outcome after the wait probes.
      } else {
        send(entry);
      }
    }
  }

  private void send(Entry<T> entry) {
    T work = entry.work();
    ProducerRecord<byte[], byte[]> record;
    try {
      record = records.record(entry.outcome());
    } catch (RuntimeException e) {
      listener.handedOff(work);
      failed(entry, e, -1);
      return;
    }
    long size = record.value().length + (record.key() == null ? 0L : record.key().length);
    try {
      producer.send(
          record,
          (metadata, failure) -> {
            if (failure == null) {
              failuresInARow.set(0);
              listener.acknowledged(work, entry.outcome());
            } else {
              failed(entry, failure, size);
            }
          });
    } catch (RuntimeException e) {
      failed(entry, e, size);
    } finally {
      listener.handedOff(work);
    }
  }

  /** Acts on a failed send of {@code entry} (of {@code size} bytes, or -1 when not serialised). */
  private void failed(Entry<T> entry, Exception failure, long size) {
    PublishErrors.Kind kind = PublishErrors.of(failure);
    metrics.publishFailed(kind);
    Outcome outcome = entry.outcome();
    switch (kind) {
      case TRANSIENT -> {
        long backoff = unreachable();
        log.warn(
            "Kafka did not store the outcome of {} ({}); sending it again in {} ms",
            OutcomeRecords.what(outcome),
            failure.toString(),
            backoff);
        listener.waitingAgain(entry.work());
        park(entry, backoff);
      }
      case REFUSED -> {
        if (entry.smallest()) {
          log.error("Kafka refused even the smallest form of an outcome: {}", failure.toString());
          listener.abandoned(entry.work(), outcome, failure);
          return;
        }
        log.warn(
            "Kafka refused the outcome of {} for good ({}); publishing its smallest form",
            OutcomeRecords.what(outcome),
            failure.toString());
        Outcome smaller =
            FetchOutcomes.refused(outcome, records.refusal(outcome, failure, size), now());
        listener.replaced(entry.work(), outcome);
        listener.waitingAgain(entry.work());
        requeue(new Entry<>(smaller, entry.work(), true));
      }
      default -> {
        log.error(
            "cannot publish the outcome of {}: {}",
            OutcomeRecords.what(outcome),
            failure.toString());
        listener.abandoned(entry.work(), outcome, failure);
      }
    }
  }

  /**
   * Notes a transient failure: nothing is sent for a backoff that doubles with each failure in a
   * row (up to the maximum) and ends at the first record stored; returns it in milliseconds.
   */
  private long unreachable() {
    int doublings = Math.min(failuresInARow.getAndIncrement(), 10);
    long backoff =
        Math.min(Math.max(MAX_BACKOFF_MILLIS, firstBackoffMillis), firstBackoffMillis << doublings);
    unreachableUntil.accumulateAndGet(System.currentTimeMillis() + backoff, Math::max);
    return backoff;
  }

  /**
   * Holds {@code entry}, counted as waiting for the producer, for {@code delayMillis}, then queues
   * it again; abandons it when closing.
   */
  private void park(Entry<T> entry, long delayMillis) {
    Object token = new Object();
    waitingResend.put(token, entry);
    try {
      resends.schedule(
          () -> {
            if (waitingResend.remove(token) != null) {
              requeue(entry);
            }
          },
          delayMillis,
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      if (waitingResend.remove(token) != null) {
        abandon(entry);
      }
    }
  }

  /** Queues {@code entry}, counted as waiting, again; unless closed or no longer wanted. */
  private void requeue(Entry<T> entry) {
    synchronized (lock) {
      if (!closed && listener.wanted(entry.work())) {
        queue.add(entry);
        return;
      }
    }
    abandon(entry);
  }

  /** Drops an entry counted as waiting for the producer, on purpose (closing, revoked). */
  private void abandon(Entry<T> entry) {
    listener.handedOff(entry.work());
    listener.abandoned(entry.work(), entry.outcome(), null);
  }

  private static long now() {
    return System.currentTimeMillis();
  }

  /**
   * Stops accepting outcomes, hands every one already queued to the producer, and stops the thread;
   * outcomes waiting for a resend are abandoned. Does not flush or close the producer.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    resends.shutdownNow();
    for (Object token : List.copyOf(waitingResend.keySet())) {
      Entry<T> entry = waitingResend.remove(token);
      if (entry != null) {
        abandon(entry);
      }
    }
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
