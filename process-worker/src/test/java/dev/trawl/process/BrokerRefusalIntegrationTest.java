package dev.trawl.process;

import static dev.trawl.process.Pages.html;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.process.internal.deadletters.OversizedRecordException;
import dev.trawl.runtime.AdminSettings;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topics;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A topic whose max.message.bytes is below {@code --max-record-bytes} refuses a document at the
 * broker, which leaves the exactly-once transaction unable to commit: the stream thread is
 * replaced, the record processed again, and this time it becomes a dead letter (the refusal lowered
 * the topic's limit), and the stream goes on. A broker of its own: the test changes a topic's
 * limit.
 */
class BrokerRefusalIntegrationTest {

  private static final String HOST = "refusal.test";
  private static final int TOPIC_LIMIT = 20_000;

  @TempDir Path stateDir;

  @Test
  void turnsARecordTheBrokerRefusesIntoADeadLetterOnTheNextAttemptAndGoesOn() throws Exception {
    try (TestKafka.Broker broker = TestKafka.freshEmbedded()) {
      KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
      try (Admin admin = Admin.create(kafka.admin())) {
        TopicSetup.ensureTopics(admin, 1, (short) 1, 2 * 1024 * 1024);
        limitDocuments(admin);
      }
      FetchResult large = page("/large", incompressibleLinks());
      FetchResult next = page("/next", "<title>Next</title>");
      int size =
          Topics.DOCUMENTS
              .valueSerde()
              .serializer()
              .serialize("t", new PageParser().parse(large))
              .length;
      send(kafka, large, next);
      ProcessSettings settings =
          ProcessSettings.defaults()
              .with(ProcessSettings.THREADS, 1)
              .with(ProcessSettings.STATE_DIR, stateDir);

      try (TopicReader<Document> documents = new TopicReader<>(kafka, Topics.DOCUMENTS);
          TopicReader<ProcessFailure> deadLetters = new TopicReader<>(kafka, Topics.PROCESS_DLQ);
          ProcessWorker worker =
              new ProcessWorker(settings, kafka, AdminSettings.of("127.0.0.1", -1))) {
        worker.start();
        await()
            .atMost(120, SECONDS)
            .untilAsserted(
                () ->
                    assertThat(documents.readToEnd())
                        .containsExactly(KeyValue.pair(HOST, new PageParser().parse(next))));
        List<KeyValue<String, ProcessFailure>> letters = deadLetters.readToEnd();
        assertThat(letters).hasSize(1);
        assertThat(letters)
            .containsExactly(
                KeyValue.pair(HOST, refused(size, letters.get(0).value.getFailedAt())));
        assertThat(worker.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
        assertThat(size).isBetween(TOPIC_LIMIT, 1_000_000);
      }
    }
  }

  private static ProcessFailure refused(int size, long failedAt) {
    return ProcessFailure.newBuilder()
        .setSourceTopic(Topics.PAGES.name())
        .setPartition(0)
        .setOffset(0)
        .setKey(null)
        .setValue(null)
        .setStage("PRODUCTION")
        .setProcessorNode(Topics.DOCUMENTS.name() + "-sink")
        .setReason(
            "a record value of %d bytes for %s is over the limit of %d bytes"
                .formatted(size, Topics.DOCUMENTS.name(), size - 1))
        .setExceptionClass(OversizedRecordException.class.getName())
        .setFailedAt(failedAt)
        .setTargetTopic(Topics.DOCUMENTS.name())
        .setKeyLength(null)
        .setValueLength(size)
        .build();
  }

  private static void limitDocuments(Admin admin) throws Exception {
    ConfigResource documents =
        new ConfigResource(ConfigResource.Type.TOPIC, Topics.DOCUMENTS.name());
    AlterConfigOp limit =
        new AlterConfigOp(
            new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, String.valueOf(TOPIC_LIMIT)),
            AlterConfigOp.OpType.SET);
    admin.incrementalAlterConfigs(Map.of(documents, List.of(limit))).all().get(30, SECONDS);
  }

  /** 200 links of random base-36 text: a document of about 38 KB that lz4 cannot shrink much. */
  private static String incompressibleLinks() {
    StringBuilder html = new StringBuilder();
    Random random = new Random(14);
    for (int i = 0; i < 200; i++) {
      html.append("<a href=/").append(new BigInteger(900, random).toString(36)).append("></a>");
    }
    return html.toString();
  }

  /** A page at its crawl's maximum depth, so its links are not followed. */
  private static FetchResult page(String path, String body) {
    FetchRequest request =
        FetchRequest.newBuilder(Pages.request("http://" + HOST + path, HOST))
            .setMaxDepth(0)
            .build();
    return html(request, body);
  }

  private static void send(KafkaSettings kafka, FetchResult... pages) throws Exception {
    try (KafkaProducer<String, FetchResult> producer =
        new KafkaProducer<>(
            kafka.producer(),
            Topics.PAGES.keySerde().serializer(),
            Topics.PAGES.valueSerde().serializer())) {
      for (FetchResult page : pages) {
        producer.send(new ProducerRecord<>(Topics.PAGES.name(), HOST, page)).get(30, SECONDS);
      }
    }
  }
}
