package dev.trawl.process.internal;

import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchRequest;
import java.util.List;
import java.util.Map;

/**
 * The URLs of one host that one page outcome (or failure) shows a crawl, on their way to the {@code
 * seen-urls} store in one record: the {@code settled} URLs already have an outcome and are only
 * remembered; the {@code links} are fetched if the crawl has not seen them, as requests at {@code
 * linkDepth} with the crawl's {@code maxDepth} and {@code scope}, found on {@code referrer}.
 * Settled URLs are looked up first, so a page that links to itself never sends itself again.
 */
public record HostSightings(
    String crawlId,
    List<String> settled,
    List<String> links,
    int linkDepth,
    int maxDepth,
    CrawlScope scope,
    String referrer) {

  public HostSightings {
    settled = List.copyOf(settled);
    links = List.copyOf(links);
  }

  /** The key of {@code url} in the {@code seen-urls} store: {@code crawlId|url}. */
  public String seenKey(String url) {
    return crawlId + "|" + url;
  }

  /** The request for a new link of this record, on {@code host}, enqueued at {@code now}. */
  public FetchRequest request(String host, String url, long now) {
    return FetchRequest.newBuilder()
        .setUrl(url)
        .setHost(host)
        .setCrawlId(crawlId)
        .setDepth(linkDepth)
        .setMaxDepth(maxDepth)
        .setScope(scope)
        .setAttempt(0)
        .setEnqueuedAt(now)
        .setNotBefore(null)
        .setReferrer(referrer)
        .setMetadata(Map.of())
        .build();
  }
}
