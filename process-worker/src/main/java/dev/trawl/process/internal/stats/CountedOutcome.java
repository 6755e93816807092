package dev.trawl.process.internal.stats;

import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.OutcomeTally;

/**
 * A URL's final outcome on its way to the statistics: what it adds to its host's ({@link
 * OutcomeTally}), in which crawl, and whether that crawl has counted an outcome of the URL already.
 * Lives only between processors of one task, so it needs no serde.
 */
public record CountedOutcome(String crawlId, OutcomeTally tally, boolean duplicate) {

  /** An outcome of {@code crawlId}, not yet known to be a duplicate. */
  public static CountedOutcome of(String crawlId, OutcomeTally tally) {
    return new CountedOutcome(crawlId, tally, false);
  }

  /** A page outcome, not yet known to be a duplicate. */
  public static CountedOutcome of(FetchResult page) {
    return of(page.getRequest().getCrawlId(), DomainStatsAggregator.tally(page));
  }

  /** A failure, not yet known to be a duplicate. */
  public static CountedOutcome of(FetchFailure failure) {
    return of(failure.getRequest().getCrawlId(), DomainStatsAggregator.tally(failure));
  }

  /** This outcome, marked as the repeat of one counted already. */
  public CountedOutcome asDuplicate() {
    return new CountedOutcome(crawlId, tally, true);
  }
}
