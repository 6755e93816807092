package dev.trawl.local;

import dev.trawl.runtime.KafkaSettings;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows trawl.documents and trawl.fetch-dlq (committed records) for a whole test and keeps each
 * URL's final outcome record: the whole Document or FetchFailure, where a run's {@link Outcome}
 * keeps a summary. Used by one thread.
 */
final class OutcomeRecords implements AutoCloseable {

  /** A URL's Document or FetchFailure (the other is null), with how many records it has. */
  record Final(Document document, FetchFailure failure, int records) {}

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Map<String, Final> byUrl = new HashMap<>();

  OutcomeRecords(KafkaSettings kafka) {
    Map<String, Object> props = kafka.consumer("unused");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : List.of(Topics.DOCUMENTS.name(), Topics.FETCH_DLQ.name())) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /**
   * The final outcome record of {@code url}, waiting for it at most {@code timeout}; fails at once
   * when {@code workers} are dead.
   */
  Final await(String url, Duration timeout, FleetWatch.Workers workers) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!byUrl.containsKey(url)) {
      workers
          .dead()
          .ifPresent(
              why -> {
                throw new AssertionError("waiting for " + url + ": " + why);
              });
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no Document or FetchFailure for " + url + " in " + timeout);
      }
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        add(record);
      }
    }
    return byUrl.get(url);
  }

  private void add(ConsumerRecord<byte[], byte[]> record) {
    String topic = record.topic();
    if (topic.equals(Topics.DOCUMENTS.name())) {
      Document doc =
          Topics.DOCUMENTS.valueSerde().deserializer().deserialize(topic, record.value());
      byUrl.merge(
          doc.getUrl(),
          new Final(doc, null, 1),
          (a, b) -> new Final(a.document(), a.failure(), a.records() + 1));
    } else {
      FetchFailure failure =
          Topics.FETCH_DLQ.valueSerde().deserializer().deserialize(topic, record.value());
      byUrl.merge(
          failure.getRequest().getUrl(),
          new Final(null, failure, 1),
          (a, b) -> new Final(a.document(), a.failure(), a.records() + 1));
    }
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
