package dev.trawl.producer;

import java.util.Locale;

/** A rejected input line: where it was, what it said, and why it was refused. */
public record Rejection(long lineNumber, String line, RejectReason reason, String message) {

  /** Rejected lines are shown up to this many characters. */
  public static final int SHOWN_LINE_CHARS = 200;

  /**
   * The line {@code trawl produce} prints for it, {@code SOURCE:LINE: MESSAGE: TEXT}: the text cut
   * to {@value #SHOWN_LINE_CHARS} characters (then {@code ...}), control characters shown as {@code
   * \\uXXXX} so that a line cannot move the terminal's cursor.
   *
   * @param source the input's name for people: a file, {@code <stdin>}, a sitemap
   */
  public String report(String source) {
    return source + ":" + lineNumber + ": " + message + ": " + shown(line);
  }

  private static String shown(String line) {
    String cut = line.length() > SHOWN_LINE_CHARS ? line.substring(0, SHOWN_LINE_CHARS) : line;
    StringBuilder text = new StringBuilder(cut.length() + 8);
    for (int i = 0; i < cut.length(); i++) {
      char c = cut.charAt(i);
      if (Character.isISOControl(c)) {
        text.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
      } else {
        text.append(c);
      }
    }
    return cut == line ? text.toString() : text.append("...").toString();
  }
}
