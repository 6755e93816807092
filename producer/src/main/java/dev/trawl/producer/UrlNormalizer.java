package dev.trawl.producer;

import crawlercommons.filters.basic.BasicURLNormalizer;
import dev.trawl.producer.internal.PlainUrls;
import java.util.Optional;

/**
 * Puts URLs in normal form with crawler-commons' {@link BasicURLNormalizer}: lower-case scheme and
 * host, IDN hosts in punycode, no default port, no user info, no fragment, dot segments and
 * duplicate slashes removed, percent-encoding normalised, query parameters sorted. It also turns a
 * scheme-less {@code example.com/x} into {@code http://example.com/x}, so callers that want
 * absolute input only check the scheme first (as {@link UrlValidator} does). Plain URLs, the vast
 * majority, take a shortcut ({@link PlainUrls}) that gives the same result without parsing them
 * twice with {@code java.net.URI}. Thread-safe.
 */
public final class UrlNormalizer {

  private final BasicURLNormalizer normalizer = new BasicURLNormalizer();

  /** The normal form of {@code url}, or empty when the normaliser cannot parse it. */
  public Optional<String> normalize(String url) {
    String plain = PlainUrls.normalize(url);
    return Optional.ofNullable(plain != null ? plain : normalizer.filter(url));
  }
}
