package dev.trawl.local;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Tells within seconds why a running crawl can no longer complete: a worker that died (reported by
 * {@link Workers#dead()}), or a stall: no progress for the stall timeout while nothing is in flight
 * or waiting in the fetch worker. Progress is any change of the outcomes read or of the workers'
 * own counts. The workers are asked at most once per {@link #CHECK_INTERVAL}, however often the run
 * polls: asking searches the process worker's meters. Used by one thread.
 */
final class FleetWatch {

  /** Least time between two looks at the workers. */
  static final Duration CHECK_INTERVAL = Duration.ofMillis(250);

  /** What the watch asks of the workers. */
  interface Workers {

    /** What died, in words ("the fetch worker stopped"), or empty while every worker runs. */
    Optional<String> dead();

    /** True while a fetch is in flight or a request waits to start (retries included). */
    boolean busy();

    /** A count that grows with any work the workers finish. */
    long progress();
  }

  private final Workers workers;
  private final long stallNanos;
  private final LongSupplier nanoTime;
  private long lastProgress = -1;
  private long lastChangeNanos;
  private long lastCheckNanos;

  FleetWatch(Workers workers, Duration stallTimeout, LongSupplier nanoTime) {
    this.workers = workers;
    this.stallNanos = stallTimeout.toNanos();
    this.nanoTime = nanoTime;
    this.lastChangeNanos = nanoTime.getAsLong();
    // So that the first call looks.
    this.lastCheckNanos = lastChangeNanos - CHECK_INTERVAL.toNanos();
  }

  /**
   * Why the crawl cannot complete, or empty while it can.
   *
   * @param outcomes a count that grows with every outcome the crawl reads
   */
  Optional<String> problem(long outcomes) {
    long now = nanoTime.getAsLong();
    if (now - lastCheckNanos < CHECK_INTERVAL.toNanos()) {
      return Optional.empty();
    }
    lastCheckNanos = now;
    Optional<String> dead = workers.dead();
    if (dead.isPresent()) {
      return dead;
    }
    long progress = outcomes + workers.progress();
    if (progress != lastProgress || workers.busy()) {
      lastProgress = progress;
      lastChangeNanos = now;
      return Optional.empty();
    }
    if (now - lastChangeNanos >= stallNanos) {
      return Optional.of(
          "the crawl stalled: no progress for "
              + Duration.ofNanos(now - lastChangeNanos).toSeconds()
              + " s with nothing in flight or waiting");
    }
    return Optional.empty();
  }
}
