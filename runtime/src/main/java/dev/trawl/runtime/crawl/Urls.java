package dev.trawl.runtime.crawl;

import crawlercommons.filters.basic.BasicURLNormalizer;
import dev.trawl.runtime.crawl.internal.BracketedHosts;
import dev.trawl.runtime.crawl.internal.PlainUrls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The URL rules every role applies: which URLs are fetchable, their normal form, and their host
 * (the key of every record about them). Thread-safe.
 */
public final class Urls {

  /**
   * The longest URL fetched, in UTF-8 bytes: longer ones are not fetchable. Servers commonly refuse
   * request lines past 8 KiB (414), and it bounds every record that carries a URL.
   */
  public static final int MAX_FETCHABLE_BYTES = 8 * 1024;

  /**
   * The longest URL a crawl takes in by default, the de-facto limit of browsers and search engines:
   * seeds (the producer's {@code --max-url-length}) and the URLs a Document keeps and follows
   * (canonical, outlinks). A redirect may still lead to a longer one, up to {@link
   * #MAX_FETCHABLE_BYTES}.
   */
  public static final int MAX_CRAWLED_BYTES = 2048;

  /** Immutable after construction, so one instance serves every thread. */
  private static final BasicURLNormalizer NORMALIZER = new BasicURLNormalizer();

  private Urls() {}

  /**
   * The normal form of an absolute http(s) URL with a host, or null when it is not one or cannot be
   * normalised ({@link #normalForm}).
   */
  public static String normalise(String url) {
    if (url == null || !isHttp(url)) {
      return null;
    }
    String normalised = normalForm(url.strip());
    return normalised == null || host(normalised) == null ? null : normalised;
  }

  /**
   * What crawler-commons' {@link BasicURLNormalizer} makes of {@code url} (lower-case scheme and
   * host, IDN hosts in punycode, no default port, no user info, no fragment, dot segments and
   * duplicate slashes removed, percent-encoding normalised, query parameters sorted; a scheme-less
   * {@code example.com/x} becomes {@code http://example.com/x}), or null when it cannot parse it.
   * Plain URLs, the vast majority, take a shortcut ({@link PlainUrls}) proven to give the same
   * result. A bracketed IPv6 host, which the normaliser refuses, is written in its RFC 5952 form
   * ({@code http://[2001:DB8:0::1]:80/a/../b} becomes {@code http://[2001:db8::1]/b}) and the rest
   * of the URL follows the normaliser's rules ({@link BracketedHosts}). The result is not checked
   * further: it may lack a host.
   */
  public static String normalForm(String url) {
    String plain = PlainUrls.normalize(url);
    if (plain != null) {
      return plain;
    }
    String bracketed = BracketedHosts.normalize(url, NORMALIZER::filter);
    return bracketed != null ? bracketed : NORMALIZER.filter(url);
  }

  /**
   * The lower-case host of an absolute URL, without user info or port, or null when it has none. An
   * IPv6 address keeps its brackets ({@code [::1]}).
   */
  public static String host(String url) {
    int schemeEnd = url.indexOf("://");
    if (schemeEnd < 0) {
      return null;
    }
    int start = schemeEnd + 3;
    int end = start;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    String authority = url.substring(start, end);
    authority = authority.substring(authority.lastIndexOf('@') + 1);
    int portColon = authority.lastIndexOf(':');
    if (portColon >= 0 && authority.indexOf(']', portColon) < 0) {
      authority = authority.substring(0, portColon);
    }
    return authority.isEmpty() ? null : authority.toLowerCase(Locale.ROOT);
  }

  /**
   * The URI of a URL the fetcher can request: absolute, http or https, with a host that {@link URI}
   * accepts (so not, for instance, a name with an underscore), at most {@link #MAX_FETCHABLE_BYTES}
   * long.
   *
   * @throws IllegalArgumentException saying what is wrong, with the URL (not when it is too long)
   */
  public static URI fetchable(String url) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("empty URL");
    }
    int bytes = Utf8.length(url);
    if (bytes > MAX_FETCHABLE_BYTES) {
      throw new IllegalArgumentException(
          "URL of " + bytes + " bytes is longer than the " + MAX_FETCHABLE_BYTES + " fetched");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot parse URL '" + url + "': " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new IllegalArgumentException("URL '" + url + "' is not http or https");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("URL '" + url + "' has no host");
    }
    return uri;
  }

  /** The lower-case host of a URI {@link #fetchable} returned. */
  public static String host(URI uri) {
    return uri.getHost().toLowerCase(Locale.ROOT);
  }

  /** True for the schemes Trawl fetches, http and https, in any case. */
  public static boolean isHttpScheme(String scheme) {
    return scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https");
  }

  private static boolean isHttp(String url) {
    String start = url.stripLeading();
    return start.regionMatches(true, 0, "http://", 0, 7)
        || start.regionMatches(true, 0, "https://", 0, 8);
  }
}
