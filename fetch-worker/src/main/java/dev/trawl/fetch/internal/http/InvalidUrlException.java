package dev.trawl.fetch.internal.http;

/** A requested URL that cannot be fetched at all (maps to {@code INVALID_URL}). */
public final class InvalidUrlException extends Exception {

  public InvalidUrlException(String message) {
    super(message);
  }
}
