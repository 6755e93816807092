package dev.trawl.producer;

import dev.trawl.schemas.CrawlScope;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Objects;

/**
 * What every published URL of one batch shares: the crawl it belongs to, how deep discovered links
 * are followed, which links are in scope, and free-form metadata copied into each request.
 */
public record CrawlSpec(
    String crawlId, int maxDepth, CrawlScope scope, Map<String, String> metadata) {

  private static final DateTimeFormatter CRAWL_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** Checks the arguments and copies the metadata. */
  public CrawlSpec {
    Objects.requireNonNull(crawlId, "crawlId");
    Objects.requireNonNull(scope, "scope");
    if (crawlId.isBlank()) {
      throw new IllegalArgumentException("crawl id must not be blank");
    }
    if (maxDepth < 0) {
      throw new IllegalArgumentException("max depth must be >= 0, not " + maxDepth);
    }
    metadata = Map.copyOf(metadata);
  }

  /** Seeds only (max depth 0), host scope, no metadata. */
  public static CrawlSpec of(String crawlId) {
    return new CrawlSpec(crawlId, 0, CrawlScope.HOST, Map.of());
  }

  /** A crawl id from the current UTC time, e.g. {@code crawl-20260101-120000}. */
  public static String generateCrawlId(Clock clock) {
    return "crawl-" + CRAWL_ID_TIME.format(clock.instant());
  }
}
