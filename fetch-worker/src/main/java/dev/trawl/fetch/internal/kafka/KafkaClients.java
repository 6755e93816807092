package dev.trawl.fetch.internal.kafka;

import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.PageLimits;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The fetch worker's Kafka clients, their properties made by {@link KafkaSettings}' one rule:
 * Trawl's defaults, then the fetch worker's tuning below, then the user's properties.
 */
public final class KafkaClients {

  /**
   * Bytes fetched per partition and request: some hundreds of FetchRequests, so that one poll
   * spreads over many partitions and a partition paused for backpressure discards little. A larger
   * record is still returned whole (KIP-74).
   */
  static final int URLS_PARTITION_FETCH_BYTES = 64 * 1024;

  private KafkaClients() {}

  /**
   * A consumer of raw bytes in group {@code groupId}: records are decoded by the worker, so one
   * that does not decode cannot stop it.
   */
  public static Consumer<byte[], byte[]> consumer(KafkaSettings kafka, String groupId) {
    return new KafkaConsumer<>(
        consumerConfig(kafka, groupId), new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /**
   * A producer of outcomes, sized for pages of up to {@code contentLimitBytes}; keys are raw bytes
   * (a host, or the key of a record sent to the dead letters as it came).
   */
  public static Producer<byte[], byte[]> producer(KafkaSettings kafka, int contentLimitBytes) {
    return new KafkaProducer<>(
        producerConfig(kafka, contentLimitBytes),
        new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  /** The largest request the producer sends: what a record too large for it is measured by. */
  public static long maxRequestBytes(KafkaSettings kafka, int contentLimitBytes) {
    Object value =
        producerConfig(kafka, contentLimitBytes).get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    return Long.parseLong(String.valueOf(value).strip());
  }

  /**
   * The consumer's properties: the classic group protocol with the cooperative sticky assignor, so
   * that a rebalance revokes only the partitions that move, and {@link
   * #URLS_PARTITION_FETCH_BYTES}. Not the consumer protocol ({@code group.protocol=consumer}) by
   * default: its poll thread spends far more CPU while partitions are paused for backpressure, as
   * they often are here. A user who chooses it gets no client-side assignor, which it refuses.
   */
  static Map<String, Object> consumerConfig(KafkaSettings kafka, String groupId) {
    Object chosen = kafka.consumer(groupId).get(ConsumerConfig.GROUP_PROTOCOL_CONFIG);
    boolean classic =
        chosen == null || chosen.toString().toLowerCase(Locale.ROOT).equals("classic");
    Map<String, Object> tuning = new HashMap<>();
    tuning.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    tuning.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, URLS_PARTITION_FETCH_BYTES);
    if (classic) {
      tuning.put(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
    return kafka.consumer(groupId, tuning);
  }

  /** The producer's properties: {@link PageLimits#producerTuning}, so that a page always fits. */
  static Map<String, Object> producerConfig(KafkaSettings kafka, int contentLimitBytes) {
    return kafka.producer(PageLimits.producerTuning(contentLimitBytes));
  }
}
