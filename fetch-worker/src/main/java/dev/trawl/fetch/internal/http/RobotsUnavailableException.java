package dev.trawl.fetch.internal.http;

/**
 * An origin's robots.txt could not be read for now: it answered 429 or 5xx ({@link
 * HttpStatusException} as cause), or the fetch timed out or could not connect (that failure as
 * cause). A temporary state, never a denial: the URLs of the origin are retried, not before {@link
 * #retryAtNanos()}, when robots.txt is fetched again; a URL whose last attempt met it fails.
 */
public final class RobotsUnavailableException extends Exception {

  private final int status;
  private final String retryAfter;
  private final long retryAtNanos;

  /**
   * @param status the status robots.txt answered (429, 5xx), or 0 without a response
   * @param retryAfter its Retry-After header, or null
   * @param retryAtNanos when robots.txt may be fetched again, on the cache's clock
   * @param cause the {@link HttpStatusException} or the failure of the fetch
   */
  public RobotsUnavailableException(
      int status, String retryAfter, long retryAtNanos, Throwable cause) {
    super("robots.txt unavailable: " + describe(cause), cause, false, false);
    this.status = status;
    this.retryAfter = retryAfter;
    this.retryAtNanos = retryAtNanos;
  }

  private static String describe(Throwable cause) {
    if (cause instanceof HttpStatusException) {
      return cause.getMessage();
    }
    Throwable classified = ErrorTypes.classified(cause);
    String message = classified.getMessage();
    String name = classified.getClass().getSimpleName();
    return message == null || message.isBlank() ? name : name + ": " + message;
  }

  /** The status robots.txt answered (429, 5xx), or 0 when it gave no response. */
  public int status() {
    return status;
  }

  /** The Retry-After header robots.txt answered with, or null. */
  public String retryAfter() {
    return retryAfter;
  }

  /** When robots.txt may be fetched again, on the robots cache's clock. */
  public long retryAtNanos() {
    return retryAtNanos;
  }
}
