package dev.trawl.fetch.internal.http;

/**
 * A response whose status stands for a failure of the request it answered, such as a robots.txt
 * answered 429 or 5xx; classified HTTP_STATUS ({@link ErrorTypes}).
 */
public final class HttpStatusException extends Exception {

  private final int status;

  public HttpStatusException(int status) {
    super("HTTP " + status, null, false, false);
    this.status = status;
  }

  /** The status. */
  public int status() {
    return status;
  }
}
