package dev.trawl.process.internal;

import dev.trawl.schemas.FetchRequest;

/**
 * A URL seen by a crawl, on its way to the {@code seen-urls} store: a discovered {@link Kind#LINK}
 * is fetched if it is new, a URL that already has an {@link Kind#OUTCOME} is only remembered.
 */
public record UrlSighting(Kind kind, FetchRequest request) {

  /** Why the URL was seen. */
  public enum Kind {
    /** Found in a page: fetch it unless the crawl has seen it already. */
    LINK,
    /** Fetched (or failed) already: remember it so it is never fetched again by this crawl. */
    OUTCOME
  }

  public static UrlSighting link(FetchRequest request) {
    return new UrlSighting(Kind.LINK, request);
  }

  public static UrlSighting outcome(FetchRequest request) {
    return new UrlSighting(Kind.OUTCOME, request);
  }

  /** The key of this URL in the {@code seen-urls} store: {@code crawlId|url}. */
  public String seenKey() {
    return request.getCrawlId() + "|" + request.getUrl();
  }
}
