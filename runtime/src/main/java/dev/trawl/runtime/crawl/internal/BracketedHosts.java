package dev.trawl.runtime.crawl.internal;

import dev.trawl.runtime.crawl.Urls;
import dev.trawl.runtime.net.Literals;
import java.net.InetAddress;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Normalises http(s) URLs whose host is a bracketed IPv6 literal ({@code http://[2001:db8::1]/}),
 * which crawler-commons' {@code BasicURLNormalizer} refuses: the literal is set aside for a
 * stand-in host name, the URL goes through the normaliser (so scheme, user info, default port,
 * path, query and fragment follow exactly its rules), and the literal comes back in its RFC 5952
 * form, in brackets. Zone identifiers ({@code [fe80::1%25eth0]}), IPvFuture and IPv4 addresses in
 * brackets are not IPv6 literals a crawler can use: null. Stateless and thread-safe.
 */
public final class BracketedHosts {

  /** A host name the normaliser keeps as it is; RFC 2606 reserves {@code .invalid}. */
  static final String STAND_IN = "ipv6-literal.invalid";

  private BracketedHosts() {}

  /**
   * The normal form of {@code url} when its host is a bracketed IPv6 literal, as {@code normaliser}
   * makes it of everything else; null when the host is not one or the normaliser refuses the URL.
   */
  public static String normalize(String url, UnaryOperator<String> normaliser) {
    String text = url.strip();
    int schemeEnd = text.indexOf("://");
    if (schemeEnd < 0) {
      return null;
    }
    String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
    if (!Urls.isHttpScheme(scheme)) {
      return null;
    }
    int start = schemeEnd + 3;
    int end = start;
    while (end < text.length() && "/?#".indexOf(text.charAt(end)) < 0) {
      end++;
    }
    int hostStart = text.lastIndexOf('@', end - 1) + 1;
    hostStart = Math.max(hostStart, start);
    int close = text.indexOf(']', hostStart);
    if (hostStart >= end || text.charAt(hostStart) != '[' || close < 0 || close >= end) {
      return null;
    }
    if (close + 1 < end && text.charAt(close + 1) != ':') {
      return null;
    }
    byte[] address = ipv6(text.substring(hostStart + 1, close));
    if (address == null) {
      return null;
    }
    String normal =
        normaliser.apply(text.substring(0, hostStart) + STAND_IN + text.substring(close + 1));
    String prefix = scheme + "://" + STAND_IN;
    if (normal == null || !normal.startsWith(prefix)) {
      return null;
    }
    return scheme
        + "://["
        + Literals.canonicalIpv6(address)
        + "]"
        + normal.substring(prefix.length());
  }

  /** The 16 bytes of an IPv6 literal without zone, or null. */
  private static byte[] ipv6(String literal) {
    if (literal.indexOf(':') < 0 || literal.indexOf('%') >= 0) {
      return null;
    }
    InetAddress address = Literals.parse(literal);
    return address == null || address.getAddress().length != 16 ? null : address.getAddress();
  }
}
