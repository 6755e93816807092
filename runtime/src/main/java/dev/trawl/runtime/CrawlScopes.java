package dev.trawl.runtime;

import crawlercommons.domains.EffectiveTldFinder;
import dev.trawl.schemas.CrawlScope;

/**
 * Decides whether a URL stays within a crawl's {@link CrawlScope}: discovered links (process
 * worker) and redirect targets (fetch worker) follow the same rule.
 */
public final class CrawlScopes {

  private CrawlScopes() {}

  /** True when a link to {@code linkHost}, found on a page of {@code pageHost}, is followed. */
  public static boolean inScope(CrawlScope scope, String pageHost, String linkHost) {
    return switch (scope) {
      case HOST -> linkHost.equals(pageHost);
      case DOMAIN -> registeredDomain(linkHost).equals(registeredDomain(pageHost));
      case ANY -> true;
    };
  }

  /**
   * The registered domain of a host from the public suffix list ({@code www.example.co.uk} ->
   * {@code example.co.uk}); an IP address is its own domain, and a host under an unknown suffix
   * falls back to its last two labels.
   */
  public static String registeredDomain(String host) {
    if (isIpAddress(host)) {
      return host;
    }
    String assigned = EffectiveTldFinder.getAssignedDomain(host, true, false);
    if (assigned != null) {
      return assigned;
    }
    int last = host.lastIndexOf('.');
    int secondLast = last <= 0 ? -1 : host.lastIndexOf('.', last - 1);
    return host.substring(secondLast + 1);
  }

  private static boolean isIpAddress(String host) {
    return host.startsWith("[") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
  }
}
