package dev.trawl.fetch.internal;

import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchError;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.zip.DataFormatException;
import java.util.zip.ZipException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.http.HttpException;

/**
 * The one place that turns what a fetch ended with (a response or a failure) into the record the
 * request ends in. Failures are classified by exception type, never by message text.
 */
public final class FetchOutcomes {

  /**
   * Exception types and what they mean, checked in order against the failure and then each of its
   * causes; the first match wins, so a subclass comes before its superclass.
   */
  private static final Map<Class<? extends Throwable>, ErrorType> ERROR_TYPES =
      new LinkedHashMap<>();

  static {
    ERROR_TYPES.put(InvalidUrlException.class, ErrorType.INVALID_URL);
    ERROR_TYPES.put(BlockedAddressException.class, ErrorType.BLOCKED);
    ERROR_TYPES.put(RobotsDeniedException.class, ErrorType.ROBOTS_DENIED);
    ERROR_TYPES.put(TooManyRedirectsException.class, ErrorType.TOO_MANY_REDIRECTS);
    ERROR_TYPES.put(UnknownHostException.class, ErrorType.DNS);
    ERROR_TYPES.put(ConnectException.class, ErrorType.CONNECT);
    ERROR_TYPES.put(NoRouteToHostException.class, ErrorType.CONNECT);
    ERROR_TYPES.put(PortUnreachableException.class, ErrorType.CONNECT);
    ERROR_TYPES.put(SocketTimeoutException.class, ErrorType.TIMEOUT);
    ERROR_TYPES.put(TimeoutException.class, ErrorType.TIMEOUT);
    ERROR_TYPES.put(SSLException.class, ErrorType.TLS);
    ERROR_TYPES.put(CancellationException.class, ErrorType.CANCELLED);
    ERROR_TYPES.put(AsynchronousCloseException.class, ErrorType.CANCELLED);
    ERROR_TYPES.put(HttpResponseException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(HttpException.RuntimeException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(HttpException.IllegalArgumentException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(CorruptContentException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(ZipException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(DataFormatException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(EOFException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(ClosedChannelException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(SocketException.class, ErrorType.PROTOCOL);
  }

  /** Error types that end in trawl.pages (a FetchResult that is not FETCHED), not in the DLQ. */
  private static final Map<ErrorType, FetchOutcome> NOT_FETCHED =
      Map.of(
          ErrorType.BLOCKED,
          FetchOutcome.BLOCKED,
          ErrorType.ROBOTS_DENIED,
          FetchOutcome.DENIED_BY_ROBOTS);

  /** How deep the cause chain is searched. */
  private static final int MAX_CAUSES = 8;

  private FetchOutcomes() {}

  /**
   * The record {@code request} ends in, given exactly one of {@code page} and {@code failure}. A
   * page is a FetchResult whatever its status (with error CONTENT_TYPE and no body when its type is
   * not allowed), except 429 and 5xx: those reach this method only after the last attempt, and end
   * as a FetchFailure of type HTTP_STATUS with the status. A redirect out of the crawl scope ends
   * REDIRECTED.
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
    if (page != null && Retries.retryableStatus(page.status())) {
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
    OutOfScopeRedirectException outOfScope = find(failure, OutOfScopeRedirectException.class);
    if (outOfScope != null) {
      return new Outcome.Page(redirected(request, outOfScope, latencyMs, nowMs));
    }
    Throwable cause = classified(failure);
    ErrorType type = errorType(cause);
    FetchError error = new FetchError(type, describe(cause));
    FetchOutcome notFetched = NOT_FETCHED.get(type);
    if (notFetched != null) {
      return new Outcome.Page(notFetched(request, notFetched, error, latencyMs, nowMs));
    }
    return failure(request, error, attempts, 0, ProxiedException.proxyOf(failure), nowMs);
  }

  /** The first of {@code failure} and its causes of type {@code type}, or null. */
  private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
      cause = cause.getCause();
    }
    return null;
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

  /** What {@code failure} means: the type of it or of its first classified cause, else OTHER. */
  public static ErrorType errorType(Throwable failure) {
    Throwable cause = classified(failure);
    for (Map.Entry<Class<? extends Throwable>, ErrorType> entry : ERROR_TYPES.entrySet()) {
      if (entry.getKey().isInstance(cause)) {
        return entry.getValue();
      }
    }
    return ErrorType.OTHER;
  }

  /** "2xx", "3xx", "4xx", "5xx" (or "1xx", "0xx" for odd statuses). */
  public static String statusClass(int status) {
    return (status / 100) + "xx";
  }

  /** The failure itself or the first of its causes with a known type; the failure if none. */
  private static Throwable classified(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
      for (Class<? extends Throwable> type : ERROR_TYPES.keySet()) {
        if (type.isInstance(cause)) {
          return cause;
        }
      }
      cause = cause.getCause();
    }
    return failure;
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
