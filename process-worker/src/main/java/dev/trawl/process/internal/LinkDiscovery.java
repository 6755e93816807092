package dev.trawl.process.internal;

import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;

/**
 * Turns page outcomes into {@link UrlSighting}s keyed by the URL's host: the URLs an outcome
 * settles, and the links its crawl follows. Pure functions, used by the topology's flatMap steps.
 */
public final class LinkDiscovery {

  private LinkDiscovery() {}

  /**
   * Every sighting of a page outcome, the settled URLs first: a page that links to itself (or to
   * the URL it was redirected from) thus never sends that URL again.
   */
  public static List<KeyValue<String, UrlSighting>> sightings(ParsedPage page) {
    List<KeyValue<String, UrlSighting>> sightings = new ArrayList<>(settled(page));
    sightings.addAll(links(page));
    return sightings;
  }

  /**
   * The URLs a page outcome settles: the requested URL, and the final URL when the page was fetched
   * after a redirect.
   */
  public static List<KeyValue<String, UrlSighting>> settled(ParsedPage page) {
    FetchRequest request = page.request();
    return page.document().getOutcome() == FetchOutcome.FETCHED
        ? outcomes(request, request.getUrl(), page.document().getFinalUrl())
        : outcomes(request, request.getUrl());
  }

  /** The URL a failure settles: the requested one. */
  public static List<KeyValue<String, UrlSighting>> settled(FetchFailure failure) {
    return outcomes(failure.getRequest(), failure.getRequest().getUrl());
  }

  /**
   * The outlinks of a page that its crawl follows: none unless the page was FETCHED below its
   * request's maximum depth, otherwise those within the crawl's scope of the requested host, as
   * requests one level deeper. {@code enqueuedAt} is left 0 for the dedup step to stamp.
   */
  public static List<KeyValue<String, UrlSighting>> links(ParsedPage page) {
    FetchRequest parent = page.request();
    if (page.document().getOutcome() != FetchOutcome.FETCHED
        || parent.getDepth() >= parent.getMaxDepth()) {
      return List.of();
    }
    List<KeyValue<String, UrlSighting>> links = new ArrayList<>();
    for (String url : page.document().getOutlinks()) {
      String host = Urls.host(url);
      if (host != null && CrawlScopes.inScope(parent.getScope(), parent.getHost(), host)) {
        FetchRequest child =
            FetchRequest.newBuilder()
                .setUrl(url)
                .setHost(host)
                .setCrawlId(parent.getCrawlId())
                .setDepth(parent.getDepth() + 1)
                .setMaxDepth(parent.getMaxDepth())
                .setScope(parent.getScope())
                .setAttempt(0)
                .setEnqueuedAt(0)
                .setNotBefore(null)
                .setReferrer(page.document().getFinalUrl())
                .setMetadata(Map.of())
                .build();
        links.add(KeyValue.pair(host, UrlSighting.link(child)));
      }
    }
    return links;
  }

  /** One outcome sighting per distinct normalisable URL, each a copy of {@code request}. */
  private static List<KeyValue<String, UrlSighting>> outcomes(
      FetchRequest request, String... urls) {
    Set<String> normalised = new LinkedHashSet<>();
    for (String url : urls) {
      String n = Urls.normalise(url);
      if (n != null) {
        normalised.add(n);
      }
    }
    List<KeyValue<String, UrlSighting>> sightings = new ArrayList<>(normalised.size());
    for (String url : normalised) {
      String host = Urls.host(url);
      FetchRequest seen = FetchRequest.newBuilder(request).setUrl(url).setHost(host).build();
      sightings.add(KeyValue.pair(host, UrlSighting.outcome(seen)));
    }
    return sightings;
  }
}
