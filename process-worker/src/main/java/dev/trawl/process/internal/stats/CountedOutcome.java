package dev.trawl.process.internal.stats;

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

  /** This outcome, marked as the repeat of one counted already. */
  public CountedOutcome asDuplicate() {
    return new CountedOutcome(crawlId, tally, true);
  }
}
