package dev.trawl.producer.internal;

import dev.trawl.producer.ProduceSummary;
import dev.trawl.producer.Rejection;
import java.util.Locale;
import java.util.stream.Collectors;

/** The text the produce command prints: one line per rejected input line, one summary. */
public final class Report {

  /** Rejected lines are shown up to this many characters. */
  public static final int SHOWN_LINE_CHARS = 200;

  private Report() {}

  /**
   * {@code FILE:LINE: REASON: TEXT}, the text cut to {@value #SHOWN_LINE_CHARS} characters (then
   * {@code ...}) and control characters shown as {@code \\uXXXX}.
   */
  public static String rejection(String source, Rejection rejection) {
    return source
        + ":"
        + rejection.lineNumber()
        + ": "
        + rejection.message()
        + ": "
        + shown(rejection.line());
  }

  /**
   * One paragraph: what was accepted, rejected (by reason), skipped as duplicates, published, and
   * how fast. Why a batch failed is not part of it (the command prints that on its own line).
   */
  public static String summary(String crawlId, String topic, ProduceSummary summary) {
    StringBuilder text = new StringBuilder();
    text.append("crawl ").append(crawlId).append(": accepted ").append(summary.accepted());
    text.append(", rejected ").append(summary.rejected());
    if (summary.rejected() > 0) {
      text.append(
          summary.rejectedByReason().entrySet().stream()
              .map(e -> e.getKey().label() + " " + e.getValue())
              .collect(Collectors.joining(", ", " (", ")")));
    }
    text.append(", duplicates ").append(summary.duplicates());
    text.append("; published ").append(summary.published()).append(" to ").append(topic);
    text.append(
        String.format(
            Locale.ROOT,
            " in %.2f s (%.0f URLs/s)",
            summary.elapsed().toNanos() / 1e9,
            summary.urlsPerSecond()));
    if (summary.failedSends() > 0) {
      text.append("; failed sends ").append(summary.failedSends());
    }
    return text.append('.').toString();
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
