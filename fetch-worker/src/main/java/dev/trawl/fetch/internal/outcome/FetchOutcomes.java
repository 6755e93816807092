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
import dev.trawl.schemas.ProcessFailure;
import java.nio.ByteBuffer;
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
    RecordBounds bounds = new RecordBounds();
    if (page != null && page.retryableStatus()) {
      String message = "HTTP " + page.status() + " after " + attempts + plural(attempts);
      return failure(
          bounds,
          request,
          new FetchError(ErrorType.HTTP_STATUS, message),
          attempts,
          page.status(),
          page.proxyId(),
          nowMs);
    }
    if (page != null) {
      return new Outcome.Page(fetched(bounds, request, page, latencyMs, nowMs), attempts);
    }
    OutOfScopeRedirectException outOfScope =
        ErrorTypes.find(failure, OutOfScopeRedirectException.class);
    if (outOfScope != null) {
      return new Outcome.Page(redirected(bounds, request, outOfScope, latencyMs, nowMs), attempts);
    }
    RobotsUnavailableException robotsDown =
        ErrorTypes.find(failure, RobotsUnavailableException.class);
    if (robotsDown != null) {
      return failure(
          bounds,
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
      return new Outcome.Page(
          notFetched(bounds, request, notFetched, error, latencyMs, nowMs), attempts);
    }
    return failure(bounds, request, error, attempts, 0, ProxiedException.proxyOf(failure), nowMs);
  }

  /**
   * The smallest record {@code outcome} can end in, for when Kafka refused it for good (too large,
   * not serialisable): for a request, a failure with the request without its metadata and {@code
   * error} naming why, the attempts and proxy of the outcome kept; for a dead letter, the same
   * letter without its raw bytes, {@code error}'s message added to its reason.
   */
  public static Outcome refused(Outcome outcome, FetchError error, long nowMs) {
    RecordBounds bounds = new RecordBounds();
    if (outcome instanceof Outcome.DeadLetter dead) {
      ProcessFailure letter = dead.letter();
      return new Outcome.DeadLetter(
          ProcessFailure.newBuilder(letter)
              .setKey(null)
              .setValue(null)
              .setReason(
                  bounds.message(
                      letter.getReason() + "; raw bytes left out: " + error.getMessage()))
              .build(),
          null);
    }
    int attempts;
    String proxyId;
    if (outcome instanceof Outcome.Failure failure) {
      attempts = failure.failure().getAttempts();
      proxyId = failure.failure().getProxyId();
    } else {
      Outcome.Page page = (Outcome.Page) outcome;
      attempts = page.attempts();
      proxyId = page.result().getProxyId();
    }
    return new Outcome.Failure(
        FetchFailure.newBuilder()
            .setAttempts(attempts)
            .setError(bounded(bounds, error))
            .setFailedAt(nowMs)
            .setStatus(0)
            .setProxyId(bounds.text("proxyId", proxyId, RecordBounds.MAX_TEXT_BYTES))
            .setRequest(bounds.requestWithoutMetadata(outcome.request()))
            .build());
  }

  private static String plural(int attempts) {
    return attempts == 1 ? " attempt" : " attempts";
  }

  private static FetchError bounded(RecordBounds bounds, FetchError error) {
    return error == null
        ? null
        : new FetchError(error.getType(), bounds.message(error.getMessage()));
  }

  /**
   * Every field of a record is set through {@code bounds}; the request last (it notes the cuts).
   */
  private static Outcome failure(
      RecordBounds bounds,
      FetchRequest request,
      FetchError error,
      int attempts,
      int status,
      String proxyId,
      long nowMs) {
    return new Outcome.Failure(
        FetchFailure.newBuilder()
            .setAttempts(attempts)
            .setError(bounded(bounds, error))
            .setFailedAt(nowMs)
            .setStatus(status)
            .setProxyId(bounds.text("proxyId", proxyId, RecordBounds.MAX_TEXT_BYTES))
            .setRequest(bounds.request(request))
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
      RecordBounds bounds, FetchRequest request, HttpPage page, long latencyMs, long nowMs) {
    String contentType =
        bounds.text("contentType", page.contentType(), RecordBounds.MAX_TEXT_BYTES);
    return FetchResult.newBuilder()
        .setOutcome(FetchOutcome.FETCHED)
        .setFinalUrl(bounds.url("finalUrl", page.finalUrl()))
        .setRedirectChain(bounds.chain(page.redirectChain()))
        .setStatus(page.status())
        .setHeaders(bounds.headers(page.headers()))
        .setContentType(contentType)
        .setBody(ByteBuffer.wrap(page.body()))
        .setTruncated(page.truncated())
        .setFetchedAt(nowMs)
        .setLatencyMs(latencyMs)
        .setProxyId(bounds.text("proxyId", page.proxyId(), RecordBounds.MAX_TEXT_BYTES))
        .setError(
            page.contentTypeRefused()
                ? bounded(
                    bounds,
                    new FetchError(
                        ErrorType.CONTENT_TYPE,
                        "content type " + contentType + " is not allowed; body not read"))
                : null)
        .setRequest(bounds.request(request))
        .build();
  }

  /** A redirect out of the crawl scope: the chain, and the target as final URL, not fetched. */
  private static FetchResult redirected(
      RecordBounds bounds,
      FetchRequest request,
      OutOfScopeRedirectException redirect,
      long latencyMs,
      long nowMs) {
    return FetchResult.newBuilder()
        .setOutcome(FetchOutcome.REDIRECTED)
        .setFinalUrl(bounds.url("finalUrl", redirect.target()))
        .setRedirectChain(bounds.chain(redirect.chain()))
        .setStatus(redirect.status())
        .setBody(ByteBuffer.allocate(0))
        .setFetchedAt(nowMs)
        .setLatencyMs(latencyMs)
        .setProxyId(bounds.text("proxyId", redirect.proxyId(), RecordBounds.MAX_TEXT_BYTES))
        .setRequest(bounds.request(request))
        .build();
  }

  private static FetchResult notFetched(
      RecordBounds bounds,
      FetchRequest request,
      FetchOutcome outcome,
      FetchError error,
      long latencyMs,
      long nowMs) {
    return FetchResult.newBuilder()
        .setOutcome(outcome)
        .setFinalUrl(bounds.url("finalUrl", request.getUrl()))
        .setStatus(0)
        .setBody(ByteBuffer.allocate(0))
        .setFetchedAt(nowMs)
        .setLatencyMs(latencyMs)
        .setError(bounded(bounds, error))
        .setRequest(bounds.request(request))
        .build();
  }
}
