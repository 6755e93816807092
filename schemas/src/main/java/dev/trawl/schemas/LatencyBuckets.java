package dev.trawl.schemas;

import java.util.List;

/**
 * Upper bounds (ms) of the latency histogram kept in {@link DomainStats#getLatencyBuckets()}. A
 * percentile read from it is the upper bound of the bucket that holds it: approximate, never low.
 */
public final class LatencyBuckets {

  /** Bucket i counts latencies <= UPPER_BOUNDS_MS[i]; one more bucket counts the rest. */
  public static final long[] UPPER_BOUNDS_MS = {
    10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1_000, 1_500, 2_000, 3_000, 5_000, 10_000, 30_000
  };

  private LatencyBuckets() {}

  /** The index of the bucket that counts {@code latencyMs}. */
  public static int indexOf(long latencyMs) {
    for (int i = 0; i < UPPER_BOUNDS_MS.length; i++) {
      if (latencyMs <= UPPER_BOUNDS_MS[i]) {
        return i;
      }
    }
    return UPPER_BOUNDS_MS.length;
  }

  /**
   * The upper bound of the bucket holding the given quantile (0..1), or -1 when there are no
   * samples; {@code Long.MAX_VALUE} when it falls in the overflow bucket.
   */
  public static long quantileUpperBoundMs(List<Long> counts, double quantile) {
    long total = counts.stream().mapToLong(Long::longValue).sum();
    if (total == 0) {
      return -1;
    }
    long rank = (long) Math.ceil(quantile * total);
    long seen = 0;
    for (int i = 0; i < counts.size(); i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return i < UPPER_BOUNDS_MS.length ? UPPER_BOUNDS_MS[i] : Long.MAX_VALUE;
      }
    }
    return Long.MAX_VALUE;
  }
}
