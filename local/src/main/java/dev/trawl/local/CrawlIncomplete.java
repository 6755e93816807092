package dev.trawl.local;

/**
 * A crawl that cannot complete: a worker died, the crawl stalled, or its time ran out. The message
 * says which, and how many URLs have no outcome.
 */
final class CrawlIncomplete extends Exception {

  CrawlIncomplete(String message) {
    super(message, null, false, false);
  }
}
