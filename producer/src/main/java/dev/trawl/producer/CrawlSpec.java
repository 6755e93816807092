package dev.trawl.producer;

import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.CrawlScope;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What every published URL of one batch shares: the crawl it belongs to, how deep discovered links
 * are followed, which links are in scope, free-form metadata copied into each request, and what the
 * crawl extracts from its pages. A spec that {@code declares} its crawl publishes the crawl's
 * definition ({@link #definition}) with the URLs: its depth, scope and extraction then hold for
 * every URL added to the crawl later by a spec that does not (see {@link #adding}).
 */
public record CrawlSpec(
    String crawlId,
    int maxDepth,
    CrawlScope scope,
    Map<String, String> metadata,
    ExtractionSpec extraction,
    boolean declares) {

  /**
   * The most metadata one crawl carries, keys and values together in UTF-8 bytes: it is copied into
   * every request and every page result, so it stays small next to a page.
   */
  public static final int MAX_METADATA_BYTES = 8 * 1024;

  private static final DateTimeFormatter CRAWL_ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

  /** Checks the arguments and copies the metadata. */
  public CrawlSpec {
    Objects.requireNonNull(crawlId, "crawlId");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(extraction, "extraction");
    if (crawlId.isBlank()) {
      throw new IllegalArgumentException("crawl id must not be blank");
    }
    if (maxDepth < 0) {
      throw new IllegalArgumentException("max depth must be >= 0, not " + maxDepth);
    }
    String tooMuch = metadataProblem(metadata);
    if (tooMuch != null) {
      throw new IllegalArgumentException(tooMuch);
    }
    metadata = Map.copyOf(metadata);
  }

  /** A crawl declared with these settings and no extraction rules. */
  public CrawlSpec(String crawlId, int maxDepth, CrawlScope scope, Map<String, String> metadata) {
    this(crawlId, maxDepth, scope, metadata, ExtractionSpec.NONE, true);
  }

  /**
   * URLs added to crawl {@code crawlId}, which declare nothing: when the crawl has a definition,
   * the process worker gives them its depth and scope, and its pages its rules; {@code maxDepth}
   * and {@code scope} hold only for a crawl without one.
   */
  public static CrawlSpec adding(
      String crawlId, int maxDepth, CrawlScope scope, Map<String, String> metadata) {
    return new CrawlSpec(crawlId, maxDepth, scope, metadata, ExtractionSpec.NONE, false);
  }

  /** The definition this spec publishes when it declares its crawl, stamped {@code createdAt}. */
  public CrawlDefinition definition(long createdAt) {
    return CrawlDefinition.newBuilder()
        .setCrawlId(crawlId)
        .setMaxDepth(maxDepth)
        .setScope(scope)
        .setRules(extraction.rules())
        .setMainText(extraction.mainText())
        .setMainTextMaxBytes(extraction.mainTextMaxBytes())
        .setCreatedAt(createdAt)
        .build();
  }

  /**
   * Why {@code metadata} is too large to travel with every request, or null when it is not.
   *
   * @return e.g. {@code metadata is 9,000 bytes (keys and values in UTF-8); the limit is 8,192}
   */
  public static String metadataProblem(Map<String, String> metadata) {
    long bytes = 0;
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      bytes += utf8Length(entry.getKey()) + utf8Length(entry.getValue());
    }
    if (bytes <= MAX_METADATA_BYTES) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "metadata is %,d bytes (keys and values in UTF-8); the limit is %,d",
        bytes,
        MAX_METADATA_BYTES);
  }

  private static long utf8Length(String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }

  /** A declared crawl of seeds only (max depth 0), host scope, no metadata, no rules. */
  public static CrawlSpec of(String crawlId) {
    return new CrawlSpec(crawlId, 0, CrawlScope.HOST, Map.of());
  }

  /** A crawl id from the current UTC time, e.g. {@code crawl-20260101-120000}. */
  public static String generateCrawlId(Clock clock) {
    return "crawl-" + CRAWL_ID_TIME.format(clock.instant());
  }
}
