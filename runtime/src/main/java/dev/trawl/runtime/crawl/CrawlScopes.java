package dev.trawl.runtime.crawl;

import crawlercommons.domains.EffectiveTldFinder;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchOutcome;
import java.util.ArrayList;
import java.util.List;

/**
 * Which links a crawl follows: discovered links (process worker), redirect targets (fetch worker)
 * and the local run's bookkeeping of what a crawl still expects all apply these rules.
 */
public final class CrawlScopes {

  /** A link a crawl follows, with its host. */
  public record Link(String host, String url) {}

  /** The robots directive that asks crawlers not to follow a page's links. */
  public static final String NOFOLLOW = "nofollow";

  /** The robots directive that means noindex and nofollow. */
  public static final String NONE = "none";

  private CrawlScopes() {}

  /**
   * The links a crawl follows from a page: none unless the page was FETCHED below the crawl's
   * maximum depth; of its outlinks (absolute, normalised), those with a host within {@code scope}
   * of the page's host, in order.
   */
  public static List<Link> followedLinks(
      FetchOutcome outcome,
      int depth,
      int maxDepth,
      CrawlScope scope,
      String pageHost,
      List<String> outlinks) {
    if (outcome != FetchOutcome.FETCHED || depth >= maxDepth) {
      return List.of();
    }
    List<Link> links = new ArrayList<>();
    for (String url : outlinks) {
      String host = Urls.host(url);
      if (host != null && inScope(scope, pageHost, host)) {
        links.add(new Link(host, url));
      }
    }
    return links;
  }

  /**
   * The links a crawl of {@code maxDepth} and {@code scope} follows from {@code document}: those of
   * {@link #followedLinks(FetchOutcome, int, int, CrawlScope, String, List)} among its outlinks
   * (its links marked rel=nofollow are apart, in {@code nofollowOutlinks}), and none when the page
   * says nofollow (or none) in its robots meta.
   */
  public static List<Link> followedLinks(Document document, int maxDepth, CrawlScope scope) {
    List<String> robots = document.getStructured().getRobots();
    if (robots.contains(NOFOLLOW) || robots.contains(NONE)) {
      return List.of();
    }
    return followedLinks(
        document.getOutcome(),
        document.getDepth(),
        maxDepth,
        scope,
        document.getHost(),
        document.getOutlinks());
  }

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
