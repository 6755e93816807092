package dev.trawl.fetch.internal.http;

/** A URL robots.txt does not let the crawler fetch. */
public final class RobotsDeniedException extends Exception {
  public RobotsDeniedException(String message) {
    super(message, null, false, false);
  }
}
