package dev.trawl.embedded.internal;

import java.net.URI;

/**
 * Where the demo site's pages are and what each answers: host i is 127.0.0.(i+1), pages are {@code
 * /page/K}, and a page's status is a pure function of the seed, the host and K.
 */
public final class SiteLayout {
  /** Path prefix of every page. */
  public static final String PAGE_PREFIX = "/page/";

  private final int hosts;
  private final int pagesPerHost;
  private final int port;
  private final double serverErrorRate;
  private final double notFoundRate;
  private final long seed;

  /** Creates the layout of a site already bound to {@code port}. */
  public SiteLayout(
      int hosts,
      int pagesPerHost,
      int port,
      double serverErrorRate,
      double notFoundRate,
      long seed) {
    this.hosts = hosts;
    this.pagesPerHost = pagesPerHost;
    this.port = port;
    this.serverErrorRate = serverErrorRate;
    this.notFoundRate = notFoundRate;
    this.seed = seed;
  }

  /** Returns the loopback address that serves host {@code index}. */
  public static String address(int index) {
    return "127.0.0." + (index + 1);
  }

  public int hosts() {
    return hosts;
  }

  public int pagesPerHost() {
    return pagesPerHost;
  }

  public int port() {
    return port;
  }

  public long seed() {
    return seed;
  }

  /** Returns the absolute URL of page {@code page} on host {@code host}. */
  public String pageUrl(int host, int page) {
    return "http://" + address(host) + ":" + port + PAGE_PREFIX + page;
  }

  /** Returns the host index served at {@code address}, or -1 if it is not one of the site's. */
  public int hostIndex(String address) {
    if (!address.startsWith("127.0.0.")) {
      return -1;
    }
    int index = parseNonNegative(address.substring("127.0.0.".length())) - 1;
    return index >= 0 && index < hosts ? index : -1;
  }

  /** Returns the page number in {@code path}, or -1 if the path names no page of a host. */
  public int pageIndex(String path) {
    if (path == null || !path.startsWith(PAGE_PREFIX)) {
      return -1;
    }
    int page = parseNonNegative(path.substring(PAGE_PREFIX.length()));
    return page < pagesPerHost ? page : -1;
  }

  /** Returns the status code that page {@code page} (or -1 for none) of host {@code host} has. */
  public int status(int host, int page) {
    if (host < 0 || page < 0) {
      return 404;
    }
    if (page == 0) {
      return 200; // seeds always answer
    }
    double u = (mix(seed, host, page) >>> 11) * 0x1.0p-53;
    if (u < serverErrorRate) {
      return 500;
    }
    return u < serverErrorRate + notFoundRate ? 404 : 200;
  }

  /** Returns the status that {@code url} answers with, or -1 if the URL is not on this site. */
  public int status(URI url) {
    if (!"http".equals(url.getScheme()) || url.getHost() == null || url.getPort() != port) {
      return -1;
    }
    int host = hostIndex(url.getHost());
    return host < 0 ? -1 : status(host, pageIndex(url.getRawPath()));
  }

  /** Returns a well-mixed 64-bit value for (seed, host, page), the SplitMix64 finaliser. */
  public static long mix(long seed, int host, int page) {
    long z = seed + 0x9E3779B97F4A7C15L * (((long) host << 32) + page + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Parses a canonical decimal number (no sign, no leading zero), or returns -1. */
  private static int parseNonNegative(String s) {
    if (s.isEmpty() || s.length() > 9 || (s.length() > 1 && s.charAt(0) == '0')) {
      return -1;
    }
    int value = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
