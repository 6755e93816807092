package dev.trawl.runtime;

import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How large a page record may be. Page bodies travel in {@code trawl.pages}, so the fetchers'
 * content limit sizes every Kafka limit a page meets: the topics' {@code max.message.bytes}, the
 * producers' {@code max.request.size} and buffers, the consumers' fetch sizes. Both fleets read the
 * one setting {@link #CONTENT_LIMIT_BYTES}.
 */
public final class PageLimits {

  /** Largest accepted content limit: a page must fit in one Kafka record. */
  public static final int MAX_CONTENT_LIMIT_BYTES = 256 * 1024 * 1024;

  public static final Setting<Integer> CONTENT_LIMIT_BYTES =
      Setting.of("fetcher.content.limit.bytes", "--content-limit-bytes", ValueType.INT)
          .defaultValue(2 * 1024 * 1024)
          .atLeast(1)
          .atMost(MAX_CONTENT_LIMIT_BYTES)
          .label("BYTES")
          .doc(
              "Decoded body bytes kept of a page; longer bodies are cut and marked truncated. Both"
                  + " fleets read it: it sizes Kafka's record and fetch limits.");

  /** Room for a record's request, headers and metadata on top of the body. */
  static final int RECORD_OVERHEAD_BYTES = 256 * 1024;

  /**
   * Producer batch size for pages and documents: room for dozens of records of tens of KB per
   * partition and request, where Kafka's 16 KiB default holds one page, so that every page would
   * pay for a batch of its own (buffers, an lz4 stream, a broker validation).
   */
  static final int BATCH_BYTES = 256 * 1024;

  /**
   * Producer buffer: every partition written to takes a whole batch of it while that batch is open
   * or in flight, so 256 batches: five each for 48 partitions (the production overlay).
   */
  static final long BUFFER_BYTES = 64L * 1024 * 1024;

  private PageLimits() {}

  /** The largest record a topic must accept when pages carry up to {@code contentLimitBytes}. */
  public static int maxMessageBytes(int contentLimitBytes) {
    return Math.max(1024 * 1024, contentLimitBytes + RECORD_OVERHEAD_BYTES);
  }

  /**
   * Tuning of a producer that writes pages or what is made of them: requests that fit a page,
   * {@link #BATCH_BYTES} batches, a buffer of {@link #BUFFER_BYTES} or two pages if more.
   */
  public static Map<String, Object> producerTuning(int contentLimitBytes) {
    int maxMessageBytes = maxMessageBytes(contentLimitBytes);
    return Map.of(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxMessageBytes,
        ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES,
        ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(BUFFER_BYTES, 2L * maxMessageBytes));
  }

  /** Tuning of a consumer of pages: a fetch takes at least one whole page from each partition. */
  public static Map<String, Object> consumerTuning(int contentLimitBytes) {
    int maxMessageBytes = maxMessageBytes(contentLimitBytes);
    return Map.of(
        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
        maxMessageBytes,
        ConsumerConfig.FETCH_MAX_BYTES_CONFIG,
        Math.max(ConsumerConfig.DEFAULT_FETCH_MAX_BYTES, maxMessageBytes));
  }
}
