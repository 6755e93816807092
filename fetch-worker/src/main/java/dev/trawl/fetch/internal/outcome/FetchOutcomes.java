package dev.trawl.fetch.internal.outcome;

import dev.trawl.fetch.internal.http.ErrorTypes;
import dev.trawl.fetch.internal.http.HttpPage;
import dev.trawl.fetch.internal.http.OutOfScopeRedirectException;
import dev.trawl.fetch.internal.http.ProxiedException;
import dev.trawl.fetch.internal.http.RobotsUnavailableException;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchError;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * The one place that turns what a fetch ended with (a response or a failure) into the record the
 * request ends in; what an exception means is {@link ErrorTypes}' to say.
 */
public final class FetchOutcomes {

  /** Error types that end in trawl.pages (a FetchResult that is not FETCHED), not in the DLQ. */
  private static final Map<ErrorType, FetchOutcome> NOT_FETCHED =
      Map.of(
          ErrorType.BLOCKED,
          FetchOutcome.BLOCKED,
          ErrorType.ROBOTS_DENIED,
          FetchOutcome.DENIED_BY_ROBOTS);

  private FetchOutcomes() {}

  /**
   * The record {@code request} ends in, given exactly one of {@code page} and {@code failure}. A
   * page is a FetchResult whatever its status (with error CONTENT_TYPE and no body when its type is
   * not allowed), except 429 and 5xx: those reach this method only after the last attempt, and end
   * as a FetchFailure of type HTTP_STATUS with the status. A robots.txt unavailable at the last
   * attempt ends a FetchFailure too ("robots.txt unavailable: HTTP 503 after 3 attempts", of type
   * HTTP_STATUS with robots.txt's status, or CONNECT, TIMEOUT), never DENIED_BY_ROBOTS. A redirect
   * out of the crawl scope ends REDIRECTED.
   *
   * @param latencyMs time from start of the fetch to its end
   * @param nowMs the wall-clock time of the outcome
   */
  public static Outcome of(
      FetchRequest request, HttpPage page, Throwable failure, long latencyMs, long nowMs) {
    return of(request, page, failure, latencyMs, nowMs, request.getAttempt() + 1);
  }

  /**
   * Like {@link #of(FetchRequest, HttpPage, Throwable, long, long)}, for a URL that took {@code
   * attempts} attempts in all (recorded in a failure).
   */
  public static Outcome of(
      FetchRequest request,
      HttpPage page,
      Throwable failure,
      long latencyMs,
      long nowMs,
      int attempts) {
    if ((page == null) == (failure == null)) {
      throw new IllegalArgumentException("exactly one of page and failure must be given");
    }
    if (page != null && page.retryableStatus()) {
      String message = "HTTP " + page.status() + " after " + attempts + plural(attempts);
      return failure(
          request,
          new FetchError(ErrorType.HTTP_STATUS, message),
          attempts,
          page.status(),
          page.proxyId(),
          nowMs);
    }
    if (page != null) {
      return new Outcome.Page(fetched(request, page, latencyMs, nowMs));
    }
    OutOfScopeRedirectException outOfScope =
        ErrorTypes.find(failure, OutOfScopeRedirectException.class);
    if (outOfScope != null) {
      return new Outcome.Page(redirected(request, outOfScope, latencyMs, nowMs));
    }
    RobotsUnavailableException robotsDown =
        ErrorTypes.find(failure, RobotsUnavailableException.class);
    if (robotsDown != null) {
      return failure(
          request,
          new FetchError(
              ErrorTypes.of(failure),
              robotsDown.getMessage() + " after " + attempts + plural(attempts)),
          attempts,
          robotsDown.status(),
          ProxiedException.proxyOf(failure),
          nowMs);
    }
    Throwable cause = ErrorTypes.classified(failure);
    ErrorType type = ErrorTypes.of(cause);
    FetchError error = new FetchError(type, describe(cause));
    FetchOutcome notFetched = NOT_FETCHED.get(type);
    if (notFetched != null) {
      return new Outcome.Page(notFetched(request, notFetched, error, latencyMs, nowMs));
    }
    return failure(request, error, attempts, 0, ProxiedException.proxyOf(failure), nowMs);
  }

  private static String plural(int attempts) {
    return attempts == 1 ? " attempt" : " attempts";
  }

  private static Outcome failure(
      FetchRequest request,
      FetchError error,
      int attempts,
      int status,
      String proxyId,
      long nowMs) {
    return new Outcome.Failure(
        FetchFailure.newBuilder()
            .setRequest(request)
            .setAttempts(attempts)
            .setError(error)
            .setFailedAt(nowMs)
            .setStatus(status)
            .setProxyId(proxyId)
            .build());
  }

  /** "2xx", "3xx", "4xx", "5xx" (or "1xx", "0xx" for odd statuses). */
  public static String statusClass(int status) {
    return (status / 100) + "xx";
  }

  private static String describe(Throwable cause) {
    String message = cause.getMessage();
    String name = cause.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + ": " + message;
  }

  private static FetchResult fetched(
      FetchRequest request, HttpPage page, long latencyMs, long nowMs) {
    return FetchResult.newBuilder()
        .setRequest(request)
        .setOutcome(FetchOutcome.FETCHED)
        .setFinalUrl(page.finalUrl())
        .setRedirectChain(List.copyOf(page.redirectChain()))
        .setStatus(page.status())
        .setHeaders(Map.copyOf(page.headers()))
        .setContentType(page.contentType())
        .setBody(ByteBuffer.wrap(page.body()))
        .setTruncated(page.truncated())
        .setFetchedAt(nowMs)
        .setLatencyMs(latencyMs)
        .setProxyId(page.proxyId())
        .setError(
            page.contentTypeRefused()
                ? new FetchError(
                    ErrorType.CONTENT_TYPE,
                    "content type " + page.contentType() + " is not allowed; body not read")
                : null)
        .build();
  }

  /** A redirect out of the crawl scope: the chain, and the target as final URL, not fetched. */
  private static FetchResult redirected(
      FetchRequest request, OutOfScopeRedirectException redirect, long latencyMs, long nowMs) {
    return FetchResult.newBuilder()
        .setRequest(request)
        .setOutcome(FetchOutcome.REDIRECTED)
        .setFinalUrl(redirect.target())
        .setRedirectChain(redirect.chain())
        .setStatus(redirect.status())
        .setBody(ByteBuffer.allocate(0))
        .setFetchedAt(nowMs)
        .setLatencyMs(latencyMs)
        .setProxyId(redirect.proxyId())
        .build();
  }

  private static FetchResult notFetched(
      FetchRequest request, FetchOutcome outcome, FetchError error, long latencyMs, long nowMs) {
    return FetchResult.newBuilder()
        .setRequest(request)
        .setOutcome(outcome)
        .setFinalUrl(request.getUrl())
        .setStatus(0)
        .setBody(ByteBuffer.allocate(0))
        .setFetchedAt(nowMs)
        .setLatencyMs(latencyMs)
        .setError(error)
        .build();
  }
}
