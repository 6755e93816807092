package dev.trawl.fetch.internal.schedule;

import dev.trawl.fetch.internal.decode.BodyBudget;
import dev.trawl.fetch.internal.http.HttpPage;
import dev.trawl.fetch.internal.http.PageFetcher;
import dev.trawl.fetch.internal.http.RedirectFollower;
import dev.trawl.fetch.internal.http.RedirectScope;
import dev.trawl.fetch.internal.http.RobotsCache;
import dev.trawl.fetch.internal.offsets.OffsetTracker;
import dev.trawl.fetch.internal.outcome.FetchMetrics;
import dev.trawl.fetch.internal.outcome.FetchOutcomes;
import dev.trawl.fetch.internal.outcome.Outcome;
import dev.trawl.fetch.internal.outcome.OutcomePublisher;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts fetches as the host queues allow, turns each end of a fetch into its outcome record (or
 * into a retry, queued again with a not-before time), and hands the outcome on to Kafka ({@link
 * OutcomeFlow}), which completes the offset once the record is stored. A fetch holds its in-flight
 * slot (of the worker and of its host) until its response ends, so that a host's next request never
 * waits on Kafka; a retry waits without a slot. Outcomes waiting for the producer are bounded
 * twice: their bodies by the body budget, their number by the in-flight limit (no fetch starts
 * while that many wait).
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
 * tracker, flow and atomics below.
 */
public final class Dispatcher {

  /** What the owner of the dispatcher is told. */
  public interface Events {
    /** A fetch of {@code work} is about to start: it left the buffer. */
    void started(Work work);

    /** An outcome could not be built or stored, and no resend cures it: the worker should stop. */
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
  private final FetchMetrics metrics;
  private final Events events;
  private final OutcomeFlow flow;

  /** True on a thread inside {@link #dispatch}: a fetch ending at once must not recurse into it. */
  private final ThreadLocal<Boolean> dispatching = ThreadLocal.withInitial(() -> false);

  /** Wakes {@link #dispatch} when a host delay or a retry delay ends. */
  private final ScheduledThreadPoolExecutor timer;

  /** When the pending timer wake fires ({@link Long#MAX_VALUE}: none pending). */
  private final AtomicLong wakeAt = new AtomicLong(Long.MAX_VALUE);

  /** Set once by {@link #stopStarting}; read by dispatching threads. */
  private volatile boolean stopped;

  /**
   * @param robots the robots.txt rules to obey, or null to obey none
   * @param clock {@link System#nanoTime()} or a test clock; the host queues run on it
   * @param kafka where outcomes go
   */
  public Dispatcher(
      HostQueues<Work> queues,
      PageFetcher fetcher,
      RobotsCache robots,
      Retries retries,
      LongSupplier clock,
      OutcomePublisher.Target kafka,
      OffsetTracker offsets,
      FetchMetrics metrics,
      Events events) {
    this.queues = queues;
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
    this.metrics = metrics;
    this.events = events;
    metrics.bodyBudget(budget::held, budget.capacity());
    // Last: the flow and the budget call back into this object, which is complete by now.
    this.flow =
        new OutcomeFlow(
            queues.maxInFlight(),
            budget,
            offsets,
            kafka,
            metrics,
            new OutcomeFlow.Owner() {
              @Override
              public void dispatch() {
                Dispatcher.this.dispatch();
              }

              @Override
              public void failed(Exception cause) {
                events.failed(cause);
              }
            });
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
    boolean full = false;
    try {
      while (!stopped) {
        if (!budget.admits() || !flow.admits()) {
          full = true;
          break;
        }
        Work work = queues.next(clock.getAsLong());
        if (work == null) {
          break;
        }
        start(work);
      }
    } finally {
      dispatching.set(false);
    }
    // A full body budget or outcome bound calls dispatch() when it frees: a timer wake before
    // that would find it still full and schedule itself again, round and round.
    if (!full) {
      scheduleWake();
    }
  }

  /** Outcomes of {@code partitions} from now on are dropped, not published. */
  public void drop(Collection<TopicPartition> partitions) {
    flow.drop(partitions);
  }

  /** Outcomes of {@code partitions} (assigned again) are published again. */
  public void keep(Collection<TopicPartition> partitions) {
    flow.keep(partitions);
  }

  /** Publishes the outcome of work that needs no fetch (an invalid URL). */
  public void publishWithoutFetch(Work work, Throwable failure) {
    flow.started();
    finish(work, null, failure, 0);
  }

  /** Publishes the dead letter of a consumed record that is no request. */
  public void publishDeadLetter(Work work, Outcome.DeadLetter letter) {
    flow.started();
    flow.publish(letter, work);
  }

  /** No fetch starts after this; fetches running go on. */
  public void stopStarting() {
    stopped = true;
  }

  /** Hands every outcome already queued to the producer; later ones are dropped. */
  public void closePublisher() {
    timer.shutdownNow();
    flow.close();
  }

  /** Work started and not yet acknowledged. */
  public int outstanding() {
    return flow.outstanding();
  }

  /** Outcomes acknowledged by Kafka. */
  public long completed() {
    return flow.completed();
  }

  /** False while outcomes wait to be sent to Kafka again: it is not reachable. */
  public boolean kafkaReachable() {
    return flow.flowing();
  }

  private void start(Work work) {
    if (work.attempt() == 0) {
      events.started(work);
    }
    flow.started();
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
    } catch (RejectedExecutionException e) {
      // Closing: nothing starts any more.
    }
  }

  /**
   * Retries the work later, or builds its outcome and queues it for the producer; either way frees
   * the fetch's slot and starts what it allows. Runs on an HTTP client thread.
   */
  private void finish(Work work, HttpPage page, Throwable failure, long nanos) {
    if (flow.dropped(work)) {
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
    Outcome outcome;
    try {
      outcome =
          FetchOutcomes.of(
              work.request(),
              page,
              failure,
              TimeUnit.NANOSECONDS.toMillis(nanos),
              System.currentTimeMillis(),
              work.attemptsMade());
    } catch (RuntimeException e) {
      log.error("cannot build the outcome of {}", work.request().getUrl(), e);
      fetcher.release(page);
      flow.ended();
      events.failed(e);
      dispatch();
      return;
    }
    if (outcome instanceof Outcome.Failure) {
      fetcher.release(page); // A failure carries no body.
    }
    if (flow.publish(outcome, work)) {
      metrics.outcome(outcome, nanos);
    }
    dispatch();
  }

  /** Queues the next attempt of {@code work} after the backoff, freeing its slot meanwhile. */
  private void retry(Work work, HttpPage page, Throwable failure) {
    long now = clock.getAsLong();
    long delay =
        retries.delayNanos(work.attempt() + 1, page, failure, now, System.currentTimeMillis());
    metrics.retry(Retries.reason(page, failure));
    queues.addNotBefore(work.host(), work.nextAttempt(), now + delay);
    queues.release(work.host());
    flow.ended();
    dispatch();
  }

  /** Ends {@code work} without an outcome: its offset stays incomplete. */
  private void abandon(Work work) {
    if (work.holdsSlot()) {
      queues.release(work.host());
    }
    flow.ended();
    dispatch();
  }
}
