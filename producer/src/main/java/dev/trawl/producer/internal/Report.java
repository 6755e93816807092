package dev.trawl.producer.internal;

import dev.trawl.producer.ProduceSummary;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The summary the produce command prints after a batch; {@link ProduceSummary} holds the counts.
 */
public final class Report {

  private Report() {}

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
}
