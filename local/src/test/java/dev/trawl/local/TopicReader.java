package dev.trawl.local;

import dev.trawl.runtime.KafkaSettings;
import dev.trawl.schemas.Topic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Reads a whole topic (committed records only) up to its end offsets, for assertions. */
final class TopicReader {

  private TopicReader() {}

  static <V> void readToEnd(
      KafkaSettings kafka, Topic<String, V> topic, BiConsumer<String, V> sink) {
    Map<String, Object> props = kafka.consumer("unused");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    try (KafkaConsumer<String, V> consumer =
        new KafkaConsumer<>(
            props, topic.keySerde().deserializer(), topic.valueSerde().deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic.name(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic.name() + " to its end in 60 s");
        }
        consumer.poll(Duration.ofMillis(200)).forEach(r -> sink.accept(r.key(), r.value()));
      }
    }
  }
}
