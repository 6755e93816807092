package dev.trawl.fetch;

import dev.trawl.schemas.Topics;

/**
 * The topics a fetch worker reads and writes; not options of the command, which always uses {@link
 * #TRAWL}. Tests give each run topics of its own.
 *
 * @param urls where requests are consumed from
 * @param pages where results go
 * @param dlq where failures go
 * @param processDlq where consumed records that are no request go, as dead letters
 */
public record FetchTopics(String urls, String pages, String dlq, String processDlq) {

  /** Trawl's topics. */
  public static final FetchTopics TRAWL =
      new FetchTopics(
          Topics.URLS.name(),
          Topics.PAGES.name(),
          Topics.FETCH_DLQ.name(),
          Topics.PROCESS_DLQ.name());

  public FetchTopics {
    for (String topic : new String[] {urls, pages, dlq, processDlq}) {
      if (topic == null || topic.isBlank()) {
        throw new IllegalArgumentException("a topic name must not be empty, was '" + topic + "'");
      }
    }
  }
}
