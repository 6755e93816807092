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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** The README's example of a plain KafkaConsumer reading Documents, run against a real broker. */
class DownstreamExampleTest {

  @Test
  void readsOnlyCommittedDocumentsWithThePlainConsumerOfTheReadme() throws Exception {
    try (TestKafka.Broker broker = TestKafka.freshEmbedded()) {
      TrawlRecords.createTopics(broker.bootstrapServers());
      Document one = TrawlRecords.document("http://a.example/1", "crawl-a", "One");
      Document aborted = TrawlRecords.document("http://a.example/1", "crawl-a", "Aborted");
      Document two = TrawlRecords.document("http://a.example/2", "crawl-a", "Two");
      sendInTransaction(broker.bootstrapServers(), one, true);
      sendInTransaction(broker.bootstrapServers(), aborted, false);
      sendInTransaction(broker.bootstrapServers(), two, true);
      List<Document> seen = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();

      readDocuments(
          broker.bootstrapServers(),
          seen::add,
          () -> seen.size() < 2 && System.nanoTime() < deadline);

      assertThat(seen).containsExactly(one, two);
    }
  }

  /** Writes {@code document} in a transaction of its own, as the process worker does. */
  private static void sendInTransaction(String bootstrap, Document document, boolean commit) {
    Map<String, Object> props =
        Map.of("bootstrap.servers", bootstrap, "transactional.id", "downstream-example-test");
    try (KafkaProducer<String, Document> producer =
        new KafkaProducer<>(
            props,
            Topics.DOCUMENTS.keySerde().serializer(),
            Topics.DOCUMENTS.valueSerde().serializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer.send(new ProducerRecord<>(Topics.DOCUMENTS.name(), "a.example", document));
      producer.flush();
      if (commit) {
        producer.commitTransaction();
      } else {
        producer.abortTransaction();
      }
    }
  }

  /**
   * The README example, word for word between the markers. It reads committed records only: the
   * process worker writes in transactions, and a reader at the default read_uncommitted would also
   * see the records of transactions aborted by a crash, as duplicates.
   */
  static void readDocuments(String bootstrap, Consumer<Document> sink, BooleanSupplier running) {
    // README example starts
    Map<String, Object> props =
        Map.of(
            "bootstrap.servers",
            bootstrap,
            "group.id",
            "my-indexer",
            "auto.offset.reset",
            "earliest",
            "isolation.level",
            "read_committed");
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
