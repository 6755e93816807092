package dev.trawl.process;

import dev.trawl.runtime.KafkaSettings;
import dev.trawl.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KeyValue;

/**
 * Reads a whole topic as a read_committed consumer, from the beginning: each {@link #readToEnd}
 * reads up to the current last stable offsets and returns everything read so far. Test use only,
 * from one thread.
 */
final class TopicReader<V> implements AutoCloseable {

  private final KafkaConsumer<String, V> consumer;
  private final List<KeyValue<String, V>> records = new ArrayList<>();

  TopicReader(KafkaSettings kafka, Topic<String, V> topic) {
    consumer =
        new KafkaConsumer<>(
            kafka.consumer("test-reader-" + UUID.randomUUID()),
            topic.keySerde().deserializer(),
            topic.valueSerde().deserializer());
    List<TopicPartition> partitions =
        consumer.partitionsFor(topic.name()).stream()
            .map(p -> new TopicPartition(p.topic(), p.partition()))
            .toList();
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Everything committed to the topic so far; fails after 30 s of trying to get there. */
  List<KeyValue<String, V>> readToEnd() {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Map<TopicPartition, Long> end = consumer.endOffsets(consumer.assignment());
    while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("cannot read to the end offsets " + end + " in 30 s");
      }
      for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
        records.add(KeyValue.pair(record.key(), record.value()));
      }
    }
    return List.copyOf(records);
  }

  @Override
  public void close() {
    consumer.close();
  }
}
