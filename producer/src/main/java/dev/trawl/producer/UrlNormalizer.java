package dev.trawl.producer;

import crawlercommons.filters.basic.BasicURLNormalizer;
import java.util.Optional;

/**
 * Puts URLs in normal form with crawler-commons' {@link BasicURLNormalizer}: lower-case scheme and
 * host, IDN hosts in punycode, no default port, no user info, no fragment, dot segments and
 * duplicate slashes removed, percent-encoding normalised, query parameters sorted. It also turns a
 * scheme-less {@code example.com/x} into {@code http://example.com/x}, so callers that want
 * absolute input only check the scheme first (as {@link UrlValidator} does). Thread-safe.
 */
public final class UrlNormalizer {

  private final BasicURLNormalizer normalizer = new BasicURLNormalizer();

  /** The normal form of {@code url}, or empty when the normaliser cannot parse it. */
  public Optional<String> normalize(String url) {
    return Optional.ofNullable(normalizer.filter(url));
  }
}
