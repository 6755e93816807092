package dev.trawl.producer;

/**
 * One line of input: its text, or, when it could not be read as a line of text (longer than the
 * line limit, not valid UTF-8), why not and the start of it for reports.
 *
 * @param text the line, or the start of an unreadable one (decoded leniently, for people)
 * @param problem why the line is unreadable, or null when it is readable
 * @param message an exact explanation for people, or null when it is readable
 */
public record InputLine(String text, RejectReason problem, String message) {

  /** A line read whole. */
  public static InputLine of(String text) {
    return new InputLine(text, null, null);
  }

  /** A line refused before any URL check: {@code shown} is as much of it as reports show. */
  public static InputLine unreadable(RejectReason problem, String shown, String message) {
    return new InputLine(shown, problem, message);
  }

  /** True when the line was read whole as text. */
  public boolean readable() {
    return problem == null;
  }
}
