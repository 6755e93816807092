package dev.trawl.local;

import dev.trawl.schemas.FinalOutcome;

/**
 * The outcome of one input line in the JSON lines of {@code trawl run --out}: a URL's {@link
 * FinalOutcome}, under the same name, or what became of a line that was never crawled.
 */
enum LineOutcome {
  FETCHED,
  REDIRECTED,
  DENIED_BY_ROBOTS,
  BLOCKED,
  FAILED,
  /** The line is not a URL Trawl can fetch (or could not be read as text); see its error. */
  REJECTED,
  /** The line repeats a URL listed before; its outcome is on the line of the first listing. */
  DUPLICATE;

  /** The line outcome of a URL that ended with {@code outcome}. */
  static LineOutcome of(FinalOutcome outcome) {
    return valueOf(outcome.name());
  }
}
