package dev.trawl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.cli.testing.TrawlRecords;
import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/** The README's example of a plain KafkaConsumer reading Documents, run against a real broker. */
class DownstreamExampleTest {

  @Test
  void readsDocumentsWithThePlainConsumerOfTheReadme() throws Exception {
    try (TestKafka.Broker broker = TestKafka.freshEmbedded()) {
      TrawlRecords.createTopics(broker.bootstrapServers());
      Document one = TrawlRecords.document("http://a.example/1", "crawl-a", "One");
      Document two = TrawlRecords.document("http://a.example/2", "crawl-a", "Two");
      TrawlRecords.send(broker.bootstrapServers(), Topics.DOCUMENTS, one, two);
      List<Document> seen = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();

      readDocuments(
          broker.bootstrapServers(),
          seen::add,
          () -> seen.size() < 2 && System.nanoTime() < deadline);

      assertThat(seen).containsExactly(one, two);
    }
  }

  /** The README example, word for word between the markers. */
  static void readDocuments(String bootstrap, Consumer<Document> sink, BooleanSupplier running) {
    // README example starts
    Map<String, Object> props =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "group.id",
            "my-indexer",
            "auto.offset.reset",
            "earliest");
    try (KafkaConsumer<String, Document> consumer =
        new KafkaConsumer<>(
            props,
            Topics.DOCUMENTS.keySerde().deserializer(),
            Topics.DOCUMENTS.valueSerde().deserializer())) {
      consumer.subscribe(List.of(Topics.DOCUMENTS.name()));
      while (running.getAsBoolean()) {
        for (ConsumerRecord<String, Document> record : consumer.poll(Duration.ofSeconds(1))) {
          sink.accept(record.value()); // e.g. record.value().getTitle(), getOutlinks(), ...
        }
      }
    }
    // README example ends
  }
}
