package dev.trawl.process.internal;

import crawlercommons.filters.basic.BasicURLNormalizer;
import java.util.Locale;

/** URL helpers shared by the parser and link discovery: normalisation and host extraction. */
public final class Urls {

  /** Immutable after construction, so one instance serves every stream thread. */
  private static final BasicURLNormalizer NORMALIZER = new BasicURLNormalizer();

  private Urls() {}

  /**
   * The normalised form of an absolute http(s) URL (lower-case host, no default port, no fragment,
   * dot segments resolved, query parameters sorted), or null when it is not one.
   */
  public static String normalise(String absoluteUrl) {
    if (absoluteUrl == null || !isHttp(absoluteUrl)) {
      return null;
    }
    String normalised = NORMALIZER.filter(absoluteUrl.trim());
    return normalised == null || host(normalised) == null ? null : normalised;
  }

  /** The host of an absolute URL without user info or port, or null when it has none. */
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

  private static boolean isHttp(String url) {
    String start = url.stripLeading();
    return start.regionMatches(true, 0, "http://", 0, 7)
        || start.regionMatches(true, 0, "https://", 0, 8);
  }
}
