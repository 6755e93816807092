package dev.trawl.fetch.internal.schedule;

import dev.trawl.fetch.internal.decode.BodyBudget;
import dev.trawl.fetch.internal.http.ErrorTypes;
import dev.trawl.fetch.internal.http.HttpPage;
import dev.trawl.fetch.internal.http.PageFetcher;
import dev.trawl.fetch.internal.http.RedirectFollower;
import dev.trawl.fetch.internal.http.RedirectScope;
import dev.trawl.fetch.internal.http.RobotsCache;
import dev.trawl.fetch.internal.http.RobotsUnavailableException;
import dev.trawl.fetch.internal.offsets.OffsetTracker;
import dev.trawl.fetch.internal.outcome.FetchMetrics;
import dev.trawl.fetch.internal.outcome.FetchOutcomes;
import dev.trawl.fetch.internal.outcome.Outcome;
import dev.trawl.fetch.internal.outcome.OutcomePublisher;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts fetches as the host queues allow, turns each end of a fetch into its outcome record (or
 * into a retry, queued again with a not-before time), and marks the offset complete when Kafka
 * acknowledges that record. A fetch holds its in-flight slot (of the worker and of its host) until
 * its response ends, so that a host's next request never waits on Kafka; a retry waits without a
 * slot. Outcomes waiting for the producer are bounded twice: their bodies by the body budget, their
 * number by the in-flight limit (no fetch starts while that many wait).
 *
 * <p>Before the first request to a host whose robots.txt is not known yet, the host is held in the
 * queues until its rules arrive, so robots.txt is fetched once and nothing else of the host starts
 * meanwhile; the rules' Crawl-delay then raises the host's delay.
 *
 * <p>Threads: {@link #dispatch} runs on the poll thread (after new work is queued), on HTTP client
 * threads (a fetch ended, robots.txt arrived), on the timer thread (when a host delay or a retry
 * delay ends) and on the publisher thread (the producer took an outcome while the outcomes waiting
 * for it were at their bound, or while the body budget was full); HTTP client threads build
 * outcomes; the producer's I/O thread acknowledges them. Shared state is the thread-safe queues,
 * tracker, concurrent sets and atomics below.
 */
public final class Dispatcher implements OutcomePublisher.Listener<Work> {

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
  private final BodyBudget budget;
  private final RedirectFollower follower;
  private final RobotsCache robots;
  private final Retries retries;
  private final LongSupplier clock;
  private final OffsetTracker offsets;
  private final FetchMetrics metrics;
  private final Events events;
  private final OutcomePublisher<Work> publisher;

  /** Work started (or published without a fetch) whose outcome is not yet acknowledged. */
  private final AtomicInteger outstanding = new AtomicInteger();

  /** Outcomes given to the publisher and not yet taken by the producer. */
  private final AtomicInteger unpublished = new AtomicInteger();

  /** At most this many {@link #unpublished} outcomes: the in-flight limit. */
  private final int maxUnpublished;

  /** Set when {@link #dispatch} stopped at {@link #maxUnpublished}; the next hand-off wakes it. */
  private final AtomicBoolean waitingForPublisher = new AtomicBoolean();

  /** True on a thread inside {@link #dispatch}: a fetch ending at once must not recurse into it. */
  private final ThreadLocal<Boolean> dispatching = ThreadLocal.withInitial(() -> false);

  /** Outcomes acknowledged by Kafka. */
  private final AtomicLong completed = new AtomicLong();

  /** Partitions whose outcomes are dropped (revoked, grace over); written by the poll thread. */
  private final Set<TopicPartition> dropping = ConcurrentHashMap.newKeySet();

  /** Wakes {@link #dispatch} when a host delay or a retry delay ends. */
  private final ScheduledThreadPoolExecutor timer;

  /** When the pending timer wake fires ({@link Long#MAX_VALUE}: none pending). */
  private final AtomicLong wakeAt = new AtomicLong(Long.MAX_VALUE);

  /** Set once by {@link #stopStarting}; read by dispatching threads. */
  private volatile boolean stopped;

  /**
   * @param robots the robots.txt rules to obey, or null to obey none
   * @param clock {@link System#nanoTime()} or a test clock; the host queues run on it
   */
  public Dispatcher(
      HostQueues<Work> queues,
      PageFetcher fetcher,
      RobotsCache robots,
      Retries retries,
      LongSupplier clock,
      Producer<String, byte[]> producer,
      String pagesTopic,
      String dlqTopic,
      OffsetTracker offsets,
      FetchMetrics metrics,
      Events events) {
    this.queues = queues;
    this.maxUnpublished = queues.maxInFlight();
    this.fetcher = fetcher;
    this.budget = fetcher.budget();
    this.robots = robots;
    this.follower = new RedirectFollower(fetcher, robots, clock);
    this.retries = retries;
    this.clock = clock;
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "trawl-fetch-timer");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
    this.offsets = offsets;
    this.metrics = metrics;
    this.events = events;
    metrics.bodyBudget(budget::held, budget.capacity());
    metrics.outcomesWaiting(unpublished::get);
    // Last: the publisher and the budget call back into this object, which is complete by now.
    this.publisher = new OutcomePublisher<>(producer, pagesTopic, dlqTopic, this);
    budget.onRoom(this::dispatch);
  }

  /**
   * Starts every fetch the limits (slots, host delays, the body budget, outcomes waiting for the
   * producer) allow.
   */
  public void dispatch() {
    if (dispatching.get()) {
      return; // Called from a fetch that ended at once: the loop below goes on after it.
    }
    dispatching.set(true);
    try {
      Work work;
      while (!stopped
          && budget.admits()
          && publisherAdmits()
          && (work = queues.next(clock.getAsLong())) != null) {
        start(work);
      }
    } finally {
      dispatching.set(false);
    }
    scheduleWake();
  }

  /**
   * True when fewer outcomes than the bound wait for the producer; else the next hand-off wakes.
   */
  private boolean publisherAdmits() {
    if (unpublished.get() < maxUnpublished) {
      return true;
    }
    waitingForPublisher.set(true);
    // A hand-off between the check and the flag would not wake anyone: look again.
    return unpublished.get() < maxUnpublished && waitingForPublisher.compareAndSet(true, false);
  }

  /** Outcomes of {@code partitions} finishing from now on are dropped, not published. */
  public void drop(Collection<TopicPartition> partitions) {
    dropping.addAll(partitions);
  }

  /** Outcomes of {@code partitions} (assigned again) are published again. */
  public void keep(Collection<TopicPartition> partitions) {
    dropping.removeAll(partitions);
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
    timer.shutdownNow();
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
    if (work.attempt() == 0) {
      events.started(work);
    }
    outstanding.incrementAndGet();
    long startNanos = clock.getAsLong();
    if (robots != null) {
      CompletableFuture<RobotsCache.Rules> known = robots.rulesFor(work.uri());
      if (!known.isDone()) {
        queues.hold(work.host());
        known.whenComplete(
            (rules, e) -> {
              queues.unhold(work.host());
              dispatch();
            });
      }
      known.thenAccept(rules -> queues.raiseDelay(work.host(), rules.crawlDelayNanos()));
    }
    RedirectScope scope = new RedirectScope(work.request().getScope(), work.host());
    follower
        .fetch(work.uri(), Map.of(), scope)
        .whenComplete(
            (page, failure) -> finish(work, page, failure, clock.getAsLong() - startNanos));
  }

  /** Wakes {@link #dispatch} when the queues' next wait ends, unless an earlier wake is pending. */
  private void scheduleWake() {
    long wake = queues.nextWakeNanos();
    if (wake == Long.MAX_VALUE || stopped) {
      return;
    }
    long now = clock.getAsLong();
    long pending = wakeAt.get();
    if (pending != Long.MAX_VALUE && pending - wake <= 0 && pending - now >= 0) {
      return;
    }
    wakeAt.set(wake);
    try {
      timer.schedule(
          () -> {
            wakeAt.compareAndSet(wake, Long.MAX_VALUE);
            dispatch();
          },
          Math.max(0, wake - now),
          TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // Closing: nothing starts any more.
    }
  }

  /**
   * Retries the work later, or builds its outcome and queues it for the producer; either way frees
   * the fetch's slot and starts what it allows. Runs on an HTTP client thread.
   */
  private void finish(Work work, HttpPage page, Throwable failure, long nanos) {
    if (dropping.contains(work.partition())) {
      fetcher.release(page);
      abandon(work);
      return;
    }
    if (retries.retryable(page, failure) && retries.attemptsLeft(work.attempt() + 1)) {
      fetcher.release(page);
      if (stopped) {
        abandon(work); // Not published: the record is consumed again by the next owner.
      } else {
        retry(work, page, failure);
      }
      return;
    }
    if (work.holdsSlot()) {
      queues.release(work.host()); // The fetch is over; the next one of its host may start.
    }
    boolean published = false;
    unpublished.incrementAndGet();
    try {
      Outcome outcome =
          FetchOutcomes.of(
              work.request(),
              page,
              failure,
              TimeUnit.NANOSECONDS.toMillis(nanos),
              System.currentTimeMillis(),
              work.attemptsMade());
      if (outcome instanceof Outcome.Failure) {
        fetcher.release(page); // A failure carries no body.
        page = null;
      }
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
      unpublished.decrementAndGet();
      fetcher.release(page);
      outstanding.decrementAndGet();
    }
    dispatch();
  }

  /** Queues the next attempt of {@code work} after the backoff, freeing its slot meanwhile. */
  private void retry(Work work, HttpPage page, Throwable failure) {
    RobotsUnavailableException robotsDown =
        page == null ? ErrorTypes.find(failure, RobotsUnavailableException.class) : null;
    String retryAfter =
        page != null
            ? page.headers().get("retry-after")
            : robotsDown != null ? robotsDown.retryAfter() : null;
    long now = clock.getAsLong();
    long delay = retries.delayNanos(work.attempt() + 1, retryAfter, System.currentTimeMillis());
    if (robotsDown != null) {
      // Not before robots.txt is fetched again: each attempt meets a robots.txt answer of its own.
      delay = Math.max(delay, robotsDown.retryAtNanos() - now);
    }
    metrics.retry(retryReason(page, failure, robotsDown));
    queues.addNotBefore(work.host(), work.nextAttempt(), now + delay);
    queues.release(work.host());
    outstanding.decrementAndGet();
    dispatch();
  }

  /** The retry counter's reason: HTTP_503, CONNECT, ROBOTS_HTTP_503, ROBOTS_TIMEOUT... */
  private static String retryReason(
      HttpPage page, Throwable failure, RobotsUnavailableException robotsDown) {
    if (page != null) {
      return "HTTP_" + page.status();
    }
    if (robotsDown != null) {
      return "ROBOTS_"
          + (robotsDown.status() > 0
              ? "HTTP_" + robotsDown.status()
              : ErrorTypes.of(failure).name());
    }
    return ErrorTypes.of(failure).name();
  }

  /** Ends {@code work} without an outcome: its offset stays incomplete. */
  private void abandon(Work work) {
    if (work.holdsSlot()) {
      queues.release(work.host());
    }
    outstanding.decrementAndGet();
    dispatch();
  }

  @Override
  public void handedOff(Work work, Outcome outcome) {
    unpublished.decrementAndGet();
    if (outcome instanceof Outcome.Page page) {
      budget.release(page.result().getBody().limit()); // limit: serializing may move position
    }
    if (waitingForPublisher.compareAndSet(true, false)) {
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
