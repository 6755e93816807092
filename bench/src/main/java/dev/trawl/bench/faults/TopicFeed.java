package dev.trawl.bench.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Every partition of some topics, read from the beginning as raw bytes with {@code
 * isolation.level=read_committed} (what a downstream reader sees: no record of an aborted
 * transaction), without a consumer group. Used by one thread.
 */
final class TopicFeed implements AutoCloseable {

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions = new ArrayList<>();

  TopicFeed(String bootstrapServers, List<String> topics) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 4 * 1024 * 1024);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2_000);
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    for (String topic : topics) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(60))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Hands what arrives within {@code timeout} to {@code sink}. */
  void poll(Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    consumer.poll(timeout).forEach(sink);
  }

  /** Reads until every partition is at its end as it was on entry; false after {@code timeout}. */
  boolean readToEnd(Duration timeout, Consumer<ConsumerRecord<byte[], byte[]>> sink) {
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(60));
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() - deadline < 0) {
      boolean done = true;
      for (TopicPartition tp : partitions) {
        if (consumer.position(tp, Duration.ofSeconds(60)) < end.get(tp)) {
          done = false;
          break;
        }
      }
      if (done) {
        return true;
      }
      poll(Duration.ofMillis(200), sink);
    }
    return false;
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
