package dev.trawl.process.internal.stats;

import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.FinalOutcome;
import dev.trawl.schemas.LatencyBuckets;
import dev.trawl.schemas.OutcomeTally;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds page outcomes and failures into a host's {@link DomainStats}, each URL of a crawl once: a
 * duplicate outcome only counts in {@code duplicates}. An outcome travels to its host's partition
 * as the {@link OutcomeTally} of what it counts in, made here too, so that the rule of what counts
 * where is in one class. Pure functions that return a new value and never change their arguments.
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

  /** Adds one outcome: a duplicate to {@code duplicates} only, else its tally. */
  public static DomainStats add(String host, CountedOutcome outcome, DomainStats stats) {
    return outcome.duplicate() ? addDuplicate(host, stats) : addTally(host, outcome.tally(), stats);
  }

  /** Counts one outcome of a URL counted already: in {@code duplicates}, nowhere else. */
  public static DomainStats addDuplicate(String host, DomainStats stats) {
    return DomainStats.newBuilder(stats)
        .setHost(host)
        .setDuplicates(stats.getDuplicates() + 1)
        .build();
  }

  /**
   * Adds what one outcome counts in: see {@link #tally(FetchResult)}, {@link #tally(FetchFailure)}.
   */
  public static DomainStats addTally(String host, OutcomeTally tally, DomainStats stats) {
    DomainStats.Builder next = DomainStats.newBuilder(stats).setHost(host);
    next.setOutcomes(plusOne(stats.getOutcomes(), tally.getOutcome()));
    if (FetchOutcome.FETCHED.name().equals(tally.getOutcome())) {
      next.setPages(stats.getPages() + 1);
      next.setBytes(stats.getBytes() + tally.getBytes());
    }
    if (tally.getStatusClass() != null) {
      next.setStatusClasses(plusOne(stats.getStatusClasses(), tally.getStatusClass()));
    }
    if (tally.getErrorType() != null) {
      next.setErrors(plusOne(stats.getErrors(), tally.getErrorType().name()));
    }
    if (tally.getLatencyMs() != null) {
      long latency = tally.getLatencyMs();
      next.setLatencySumMs(stats.getLatencySumMs() + latency);
      next.setLatencyMaxMs(Math.max(stats.getLatencyMaxMs(), latency));
      next.setLatencyBuckets(plusOne(stats.getLatencyBuckets(), LatencyBuckets.indexOf(latency)));
    }
    return seenAt(next, stats, tally.getAt()).build();
  }

  /**
   * What one page outcome counts in: every outcome by name, a FETCHED page also by status class and
   * bytes, any other outcome by its error type; latency whenever a response was read.
   */
  public static OutcomeTally tally(FetchResult result) {
    boolean fetched = result.getOutcome() == FetchOutcome.FETCHED;
    return OutcomeTally.newBuilder()
        .setUrl(result.getRequest().getUrl())
        .setOutcome(result.getOutcome().name())
        .setBytes(fetched ? result.getBody().remaining() : 0)
        .setStatusClass(fetched ? statusClass(result.getStatus()) : null)
        .setErrorType(!fetched && result.getError() != null ? result.getError().getType() : null)
        .setLatencyMs(result.getStatus() > 0 ? result.getLatencyMs() : null)
        .setAt(result.getFetchedAt())
        .build();
  }

  /**
   * What one URL that failed after its last attempt counts in: outcome FAILED, its error type, and
   * the status class of its last response when it had one (a 503 after the last retry counts as
   * 5xx).
   */
  public static OutcomeTally tally(FetchFailure failure) {
    return OutcomeTally.newBuilder()
        .setUrl(failure.getRequest().getUrl())
        .setOutcome(FinalOutcome.FAILED.name())
        .setStatusClass(statusClass(failure.getStatus()))
        .setErrorType(failure.getError().getType())
        .setAt(failure.getFailedAt())
        .build();
  }

  private static String statusClass(int status) {
    return status >= 100 && status <= 599 ? status / 100 + "xx" : null;
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
