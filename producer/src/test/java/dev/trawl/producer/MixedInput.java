package dev.trawl.producer;

import dev.trawl.schemas.FetchRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** An input file with every kind of line, and what publishing it must produce. */
final class MixedInput {

  static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");

  static final String TEXT =
      """
      # seeds for the test crawl
      http://Example.com/a
      https://shop.example.org:443/cart?b=2&a=1

      ftp://example.com/file
      http://example.com/a#top
      mailto:someone@example.com
      http:///x
      http://example.com/a b
         # an indented comment
      https://shop.example.org/cart?a=1&b=2
      http://127.0.0.1:8080/page
      not-a-url
      http://
      """;

  static final List<Rejection> REJECTIONS =
      List.of(
          new Rejection(
              5,
              "ftp://example.com/file",
              RejectReason.UNSUPPORTED_SCHEME,
              "unsupported scheme \"ftp\" (only http and https)"),
          new Rejection(
              7,
              "mailto:someone@example.com",
              RejectReason.UNSUPPORTED_SCHEME,
              "unsupported scheme \"mailto\" (only http and https)"),
          new Rejection(8, "http:///x", RejectReason.NO_HOST, "no host"),
          new Rejection(
              9,
              "http://example.com/a b",
              RejectReason.ILLEGAL_CHARACTER,
              "whitespace or control character at index 20 (U+0020)"),
          new Rejection(
              13,
              "not-a-url",
              RejectReason.NO_SCHEME,
              "no scheme (only absolute http and https URLs)"),
          new Rejection(
              14, "http://", RejectReason.NOT_A_URL, "not a URL: Expected authority at index 7"));

  static final Map<RejectReason, Long> REJECTED_BY_REASON =
      Map.of(
          RejectReason.ILLEGAL_CHARACTER, 1L,
          RejectReason.NO_SCHEME, 1L,
          RejectReason.UNSUPPORTED_SCHEME, 2L,
          RejectReason.NOT_A_URL, 1L,
          RejectReason.NO_HOST, 1L);

  /** Host (the key) and URL of every request, in input order. */
  static final List<Map.Entry<String, String>> PUBLISHED =
      List.of(
          Map.entry("example.com", "http://example.com/a"),
          Map.entry("shop.example.org", "https://shop.example.org/cart?a=1&b=2"),
          Map.entry("127.0.0.1", "http://127.0.0.1:8080/page"));

  private MixedInput() {}

  /** The records the input must produce for {@code crawl}, as (key, request) pairs. */
  static List<Map.Entry<String, FetchRequest>> expectedRecords(CrawlSpec crawl) {
    return PUBLISHED.stream()
        .map(
            e ->
                Map.entry(
                    e.getKey(),
                    FetchRequest.newBuilder()
                        .setUrl(e.getValue())
                        .setHost(e.getKey())
                        .setCrawlId(crawl.crawlId())
                        .setDepth(0)
                        .setMaxDepth(crawl.maxDepth())
                        .setScope(crawl.scope())
                        .setAttempt(0)
                        .setEnqueuedAt(NOW.toEpochMilli())
                        .setNotBefore(null)
                        .setReferrer(null)
                        .setMetadata(crawl.metadata())
                        .build()))
        .toList();
  }
}
