package dev.trawl.fetch.internal.http;

/** A fetch that was still redirected after the last allowed redirect. */
public final class TooManyRedirectsException extends Exception {

  public TooManyRedirectsException(String message, Throwable cause) {
    super(message, cause);
  }
}
