package dev.trawl.producer.internal;

/**
 * A request the intake refuses as a whole: the HTTP status, a stable machine-readable reason (e.g.
 * {@code MALFORMED_JSON}) and a message for people.
 */
public final class IntakeError extends Exception {

  private final int status;
  private final String reason;

  public IntakeError(int status, String reason, String message) {
    super(message, null, false, false);
    this.status = status;
    this.reason = reason;
  }

  public int status() {
    return status;
  }

  public String reason() {
    return reason;
  }
}
