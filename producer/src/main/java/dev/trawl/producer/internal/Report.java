package dev.trawl.producer.internal;

import dev.trawl.producer.CrawlSpec;
import dev.trawl.producer.ExtractionSpec;
import dev.trawl.producer.ProduceSummary;
import dev.trawl.schemas.ExtractionRule;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The summary the produce command prints after a batch; {@link ProduceSummary} holds the counts.
 */
public final class Report {

  private Report() {}

  /** What a batch said of its crawl: declared (how), or URLs added to it as it was declared. */
  public static String crawl(CrawlSpec crawl) {
    if (!crawl.declares()) {
      return "crawl "
          + crawl.crawlId()
          + ": URLs added; a definition of the crawl in trawl.crawls sets their depth, scope and"
          + " rules.";
    }
    ExtractionSpec extraction = crawl.extraction();
    StringBuilder text =
        new StringBuilder("crawl ")
            .append(crawl.crawlId())
            .append(" declared in trawl.crawls: depth ")
            .append(crawl.maxDepth())
            .append(", scope ")
            .append(crawl.scope())
            .append(", ");
    int rules = extraction.rules().size();
    text.append(rules == 0 ? "no" : Integer.toString(rules))
        .append(rules == 1 ? " rule" : " rules");
    if (!extraction.rules().isEmpty()) {
      text.append(
          extraction.rules().stream()
              .map(ExtractionRule::getName)
              .collect(Collectors.joining(", ", " (", ")")));
    }
    if (extraction.mainText()) {
      text.append(
          String.format(Locale.ROOT, ", main text up to %,d bytes", extraction.mainTextMaxBytes()));
    }
    return text.append('.').toString();
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
}
