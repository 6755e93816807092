package dev.trawl.producer;

import dev.trawl.schemas.FetchRequest;

/**
 * Hears about each input line as {@link UrlProducer} handles it (for reports, metrics and progress
 * displays). Called on the publishing thread, in input order; must not block for long.
 */
public interface ProduceListener {

  /** Does nothing. */
  ProduceListener NONE = new ProduceListener() {};

  /** A line was refused. */
  default void rejected(Rejection rejection) {}

  /**
   * A line repeated a URL already published in this batch; it was skipped.
   *
   * @param line the line as read
   * @param url the URL in normal form
   */
  default void duplicate(long lineNumber, String line, String url) {}

  /**
   * A request was handed to Kafka (its acknowledgement comes later).
   *
   * @param line the line as read; the request holds the URL in normal form
   */
  default void accepted(long lineNumber, String line, FetchRequest request) {}
}
