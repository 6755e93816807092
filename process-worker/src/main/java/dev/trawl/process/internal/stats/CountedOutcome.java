package dev.trawl.process.internal.stats;

import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;

/**
 * A URL's final outcome on its way to the statistics: a page outcome or a failure (exactly one of
 * the two is set), and whether its crawl has counted an outcome of the URL already. Lives only
 * between processors of one task, so it needs no serde.
 */
public record CountedOutcome(FetchResult page, FetchFailure failure, boolean duplicate) {

  /** A page outcome, not yet known to be a duplicate. */
  public static CountedOutcome of(FetchResult page) {
    return new CountedOutcome(page, null, false);
  }

  /** A failure, not yet known to be a duplicate. */
  public static CountedOutcome of(FetchFailure failure) {
    return new CountedOutcome(null, failure, false);
  }

  /** The request this is the outcome of. */
  public FetchRequest request() {
    return page != null ? page.getRequest() : failure.getRequest();
  }

  /** This outcome, marked as the repeat of one counted already. */
  public CountedOutcome asDuplicate() {
    return new CountedOutcome(page, failure, true);
  }
}
