package dev.trawl.schemas;

import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Every Trawl topic, with its serdes. All keys are host names ({@code host@windowStart} for
 * windowed statistics), but those of {@link #CRAWLS}, which are crawl ids, and those of {@link
 * #PAGES}, which are requested URLs.
 */
public final class Topics {

  private static final Serde<String> HOST = Serdes.String();

  /**
   * URLs a crawl starts from, from the producer and the intake: the process worker passes each to
   * {@link #URLS} unless its crawl has seen the URL already (as a seed or as a link), so that a URL
   * is fetched once per crawl. Partitioned like the other topics.
   */
  public static final Topic<String, FetchRequest> SEEDS =
      new Topic<>("trawl.seeds", HOST, AvroSerde.of(FetchRequest.class));

  /**
   * Each crawl's definition (depth, scope, extraction rules), keyed by crawl id, compacted: the
   * last definition of a crawl wins, and a tombstone forgets the crawl. Written by the producer and
   * the intake when a crawl is declared; every process worker holds all of it.
   */
  public static final Topic<String, CrawlDefinition> CRAWLS =
      new Topic<>("trawl.crawls", Serdes.String(), AvroSerde.of(CrawlDefinition.class));

  /** URLs to fetch: the first sighting in its crawl of each seed and followed link. */
  public static final Topic<String, FetchRequest> URLS =
      new Topic<>("trawl.urls", HOST, AvroSerde.of(FetchRequest.class));

  /**
   * Every final outcome that is not a failure, with the page body when fetched; keyed by the
   * requested URL, not its host, so that parsing, the fleet's CPU, spreads over every partition
   * however few hosts a crawl has (the process worker brings what it needs per host together
   * itself).
   */
  public static final Topic<String, FetchResult> PAGES =
      new Topic<>("trawl.pages", Serdes.String(), AvroSerde.of(FetchResult.class));

  /** The key of a page outcome in {@link #PAGES}: its requested URL. */
  public static String pageKey(FetchResult page) {
    return page.getRequest().getUrl();
  }

  /** URLs that failed after their last attempt. */
  public static final Topic<String, FetchFailure> FETCH_DLQ =
      new Topic<>("trawl.fetch-dlq", HOST, AvroSerde.of(FetchFailure.class));

  /** What each fetched page says. */
  public static final Topic<String, Document> DOCUMENTS =
      new Topic<>("trawl.documents", HOST, AvroSerde.of(Document.class));

  /** All-time statistics per host, at most one update per host per commit (last value wins). */
  public static final Topic<String, DomainStats> DOMAIN_STATS =
      new Topic<>("trawl.domain-stats", HOST, AvroSerde.of(DomainStats.class));

  /**
   * Per-host statistics of one tumbling window, keyed {@code host@windowStartMillis} (see {@link
   * #windowedKey}) so that each window is its own key, whose last value wins; the value carries
   * host, windowStart and windowEnd.
   */
  public static final Topic<String, DomainStats> DOMAIN_STATS_WINDOWED =
      new Topic<>("trawl.domain-stats-windowed", HOST, AvroSerde.of(DomainStats.class));

  /**
   * Records the process worker could not deserialise or process (with their raw bytes up to 64
   * KiB), and records it made that could not be written (by reference).
   */
  public static final Topic<String, ProcessFailure> PROCESS_DLQ =
      new Topic<>("trawl.process-dlq", HOST, AvroSerde.of(ProcessFailure.class));

  private Topics() {}

  /** The key of a host's window in {@link #DOMAIN_STATS_WINDOWED}: {@code host@windowStart}. */
  public static String windowedKey(String host, long windowStartMillis) {
    return host + "@" + windowStartMillis;
  }

  /** All topics, in data-flow order. */
  public static List<Topic<String, ?>> all() {
    return List.of(
        CRAWLS,
        SEEDS,
        URLS,
        PAGES,
        FETCH_DLQ,
        DOCUMENTS,
        DOMAIN_STATS,
        DOMAIN_STATS_WINDOWED,
        PROCESS_DLQ);
  }
}
