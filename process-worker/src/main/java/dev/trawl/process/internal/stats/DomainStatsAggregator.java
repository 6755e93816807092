package dev.trawl.process.internal.stats;

import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.FinalOutcome;
import dev.trawl.schemas.LatencyBuckets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds page outcomes and failures into a host's {@link DomainStats}, each URL of a crawl once: a
 * duplicate outcome only counts in {@code duplicates}. Pure functions that return a new value and
 * never change their arguments.
 */
public final class DomainStatsAggregator {

  private DomainStatsAggregator() {}

  /** Statistics of a host not seen yet; the host is set by the first update. */
  public static DomainStats empty() {
    return DomainStats.newBuilder()
        .setHost("")
        .setStatusClasses(Map.of())
        .setOutcomes(Map.of())
        .setErrors(Map.of())
        .setLatencyBuckets(List.of())
        .build();
  }

  /** Adds one outcome: a duplicate to {@code duplicates} only, else as a page or a failure. */
  public static DomainStats add(String host, CountedOutcome outcome, DomainStats stats) {
    if (outcome.duplicate()) {
      return addDuplicate(host, stats);
    }
    return outcome.page() != null
        ? addPage(host, outcome.page(), stats)
        : addFailure(host, outcome.failure(), stats);
  }

  /** Counts one outcome of a URL counted already: in {@code duplicates}, nowhere else. */
  public static DomainStats addDuplicate(String host, DomainStats stats) {
    return DomainStats.newBuilder(stats)
        .setHost(host)
        .setDuplicates(stats.getDuplicates() + 1)
        .build();
  }

  /**
   * Adds one page outcome: every outcome is counted by name, a FETCHED page also by status class
   * and bytes, any other outcome by its error type; latency counts whenever a response was read.
   */
  public static DomainStats addPage(String host, FetchResult result, DomainStats stats) {
    DomainStats.Builder next = DomainStats.newBuilder(stats).setHost(host);
    next.setOutcomes(plusOne(stats.getOutcomes(), result.getOutcome().name()));
    if (result.getOutcome() == FetchOutcome.FETCHED) {
      next.setPages(stats.getPages() + 1);
      next.setBytes(stats.getBytes() + result.getBody().remaining());
      if (result.getStatus() >= 100 && result.getStatus() <= 599) {
        next.setStatusClasses(plusOne(stats.getStatusClasses(), result.getStatus() / 100 + "xx"));
      }
    } else if (result.getError() != null) {
      next.setErrors(plusOne(stats.getErrors(), result.getError().getType().name()));
    }
    if (result.getStatus() > 0) {
      long latency = result.getLatencyMs();
      next.setLatencySumMs(stats.getLatencySumMs() + latency);
      next.setLatencyMaxMs(Math.max(stats.getLatencyMaxMs(), latency));
      next.setLatencyBuckets(plusOne(stats.getLatencyBuckets(), LatencyBuckets.indexOf(latency)));
    }
    return seenAt(next, stats, result.getFetchedAt()).build();
  }

  /**
   * Adds one URL that failed after its last attempt: outcome FAILED, its error type, and the status
   * class of its last response when it had one (a 503 after the last retry counts as 5xx).
   */
  public static DomainStats addFailure(String host, FetchFailure failure, DomainStats stats) {
    DomainStats.Builder next = DomainStats.newBuilder(stats).setHost(host);
    next.setOutcomes(plusOne(stats.getOutcomes(), FinalOutcome.FAILED.name()));
    next.setErrors(plusOne(stats.getErrors(), failure.getError().getType().name()));
    if (failure.getStatus() >= 100 && failure.getStatus() <= 599) {
      next.setStatusClasses(plusOne(stats.getStatusClasses(), failure.getStatus() / 100 + "xx"));
    }
    return seenAt(next, stats, failure.getFailedAt()).build();
  }

  private static DomainStats.Builder seenAt(DomainStats.Builder next, DomainStats stats, long at) {
    boolean first = stats.getFirstSeen() == 0 && stats.getLastSeen() == 0;
    return next.setFirstSeen(first ? at : Math.min(stats.getFirstSeen(), at))
        .setLastSeen(first ? at : Math.max(stats.getLastSeen(), at));
  }

  private static Map<String, Long> plusOne(Map<String, Long> counts, String key) {
    Map<String, Long> next = new HashMap<>(counts);
    next.merge(key, 1L, Long::sum);
    return next;
  }

  private static List<Long> plusOne(List<Long> buckets, int index) {
    List<Long> next = new ArrayList<>(buckets);
    while (next.size() < LatencyBuckets.UPPER_BOUNDS_MS.length + 1) {
      next.add(0L);
    }
    next.set(index, next.get(index) + 1);
    return next;
  }
}
