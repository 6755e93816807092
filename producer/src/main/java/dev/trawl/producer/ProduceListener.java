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

  /** A line repeated a URL already published in this batch; it was skipped. */
  default void duplicate(long lineNumber, String url) {}

  /** A request was handed to Kafka (its acknowledgement comes later). */
  default void accepted(long lineNumber, FetchRequest request) {}
}
