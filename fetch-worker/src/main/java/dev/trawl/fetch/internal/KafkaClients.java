package dev.trawl.fetch.internal;

import dev.trawl.fetch.FetchSettings;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.PageLimits;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The fetch worker's Kafka client properties: Trawl's defaults, sized for the content limit. */
public final class KafkaClients {

  /**
   * Producer batch size for pages: room for some dozens of typical pages (compressed) per partition
   * and request. A 64 KiB batch held one page of 38 KB, so every page paid a batch of its own
   * (buffers, lz4 stream, broker validation).
   */
  static final int PAGES_BATCH_BYTES = 256 * 1024;

  /**
   * Producer buffer: each partition written to takes a whole {@link #PAGES_BATCH_BYTES} from it for
   * its open batch and for each batch in flight, so 256 batches, five each for 48 partitions (the
   * production overlay). With 1 MiB batches in 32 MiB, a worker writing to 48 partitions waited for
   * buffer space a fifth of the time (FetchBench, 48 partitions).
   */
  static final long PRODUCER_BUFFER_BYTES = 64L * 1024 * 1024;

  /** Bytes fetched per partition and request: some hundreds of FetchRequests. */
  static final int URLS_PARTITION_FETCH_BYTES = 64 * 1024;

  private KafkaClients() {}

  /**
   * A consumer of raw bytes (records are decoded by the worker, so a bad one cannot stop it) in the
   * classic group protocol with the cooperative sticky assignor: a rebalance revokes only the
   * partitions that move. Not the new protocol ({@code group.protocol=consumer}) by default: with
   * Kafka 4.4 its poll thread used about ten times the CPU of the classic one while partitions were
   * paused for backpressure (measured here, 10,000 pages). It can still be chosen with {@code
   * --kafka-property group.protocol=consumer}.
   */
  public static Map<String, Object> consumer(KafkaSettings kafka, FetchSettings settings) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
    // Requests are small: a modest fetch per partition spreads each poll over partitions, and a
    // paused partition discards less. A larger record is still returned whole (KIP-74).
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, URLS_PARTITION_FETCH_BYTES);
    props.putAll(kafka.consumer(settings.groupId()));
    String protocol = String.valueOf(props.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG));
    if (protocol.toLowerCase(Locale.ROOT).equals("classic")) {
      props.putIfAbsent(
          ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
          CooperativeStickyAssignor.class.getName());
    }
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    return props;
  }

  /**
   * A producer whose requests fit a page at the content limit, in batches of {@link
   * #PAGES_BATCH_BYTES} unless the user chose another {@code batch.size}, with a buffer of {@link
   * #PRODUCER_BUFFER_BYTES} (or two pages at the content limit, if more) unless the user chose
   * another {@code buffer.memory}.
   */
  public static Map<String, Object> producer(KafkaSettings kafka, FetchSettings settings) {
    int maxMessageBytes = PageLimits.maxMessageBytes(settings.contentLimitBytes());
    Map<String, Object> props = new HashMap<>();
    props.put(
        ProducerConfig.BUFFER_MEMORY_CONFIG, Math.max(PRODUCER_BUFFER_BYTES, 2L * maxMessageBytes));
    props.putAll(kafka.producer());
    if (!kafka.common().containsKey(ProducerConfig.BATCH_SIZE_CONFIG)) {
      props.put(ProducerConfig.BATCH_SIZE_CONFIG, PAGES_BATCH_BYTES);
    }
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxMessageBytes);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return props;
  }
}
