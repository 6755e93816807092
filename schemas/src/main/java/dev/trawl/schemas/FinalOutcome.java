package dev.trawl.schemas;

/**
 * The final outcome of a URL, as counted in {@link DomainStats#getOutcomes()} and reported by local
 * runs: each {@link FetchOutcome} of a {@link FetchResult}, or {@link #FAILED} for a {@link
 * FetchFailure} in {@code trawl.fetch-dlq}.
 */
public enum FinalOutcome {
  FETCHED,
  REDIRECTED,
  DENIED_BY_ROBOTS,
  BLOCKED,
  /** No usable response after the last attempt: a FetchFailure. */
  FAILED;

  /** The final outcome of a FetchResult with {@code outcome}. */
  public static FinalOutcome of(FetchOutcome outcome) {
    return valueOf(outcome.name());
  }
}
