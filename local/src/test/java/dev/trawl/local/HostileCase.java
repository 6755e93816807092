package dev.trawl.local;

import dev.trawl.schemas.Document;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FinalOutcome;
import java.util.List;
import java.util.function.Function;

/** One misbehaviour of the hostile site: the URL that shows it, and how its crawl must end. */
record HostileCase(String name, Function<HostileSite, String> url, Expected expected) {

  @Override
  public String toString() {
    return name;
  }

  /**
   * A URL's final outcome as far as a case checks it: the outcome, the last HTTP status (0 when
   * none was read), the error type of a failure, and a Document's truncated flag and capped fields;
   * a Document's body size only where a case names it (-1 otherwise).
   */
  record Expected(
      FinalOutcome outcome,
      int status,
      ErrorType error,
      boolean truncated,
      List<String> capped,
      long bodyBytes) {

    Expected(
        FinalOutcome outcome, int status, ErrorType error, boolean truncated, List<String> capped) {
      this(outcome, status, error, truncated, capped, -1);
    }

    /** {@code doc} as {@code expected} checks it. */
    static Expected of(Document doc, Expected expected) {
      return new Expected(
          FinalOutcome.of(doc.getOutcome()),
          doc.getStatus(),
          null,
          doc.getTruncated(),
          List.copyOf(doc.getCapped()),
          expected.bodyBytes() < 0 ? -1 : doc.getBodyBytes());
    }

    static Expected of(FetchFailure failure) {
      return new Expected(
          FinalOutcome.FAILED, failure.getStatus(), failure.getError().getType(), false, List.of());
    }

    /** A clean 200 page: nothing cut. */
    static Expected fetched() {
      return new Expected(FinalOutcome.FETCHED, 200, null, false, List.of());
    }

    /** A 200 page whose body was not read (a content type the fetcher does not take). */
    static Expected unreadPage() {
      return new Expected(FinalOutcome.FETCHED, 200, null, false, List.of(), 0);
    }

    /** A 200 page cut at the content limit. */
    static Expected truncatedPage() {
      return new Expected(FinalOutcome.FETCHED, 200, null, true, List.of());
    }

    /** A 200 page whose Document has {@code fields} cut at their caps. */
    static Expected cappedPage(String... fields) {
      return new Expected(FinalOutcome.FETCHED, 200, null, false, List.of(fields));
    }

    /** A 200 page cut at the content limit and {@code fields} cut at their caps. */
    static Expected truncatedAndCapped(String... fields) {
      return new Expected(FinalOutcome.FETCHED, 200, null, true, List.of(fields));
    }

    /** A failure without a response. */
    static Expected failed(ErrorType error) {
      return new Expected(FinalOutcome.FAILED, 0, error, false, List.of());
    }

    /** A failure whose last response had {@code status}. */
    static Expected failed(ErrorType error, int status) {
      return new Expected(FinalOutcome.FAILED, status, error, false, List.of());
    }

    /** Refused by the address guard before any connection. */
    static Expected blocked() {
      return new Expected(FinalOutcome.BLOCKED, 0, null, false, List.of());
    }

    /** Refused by robots.txt. */
    static Expected deniedByRobots() {
      return new Expected(FinalOutcome.DENIED_BY_ROBOTS, 0, null, false, List.of());
    }
  }
}
