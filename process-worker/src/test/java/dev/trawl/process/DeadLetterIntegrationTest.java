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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker, under exactly-once: records that cannot be read and a document too large to
 * write each become one small dead letter, committed with the stream's progress, and the stream
 * goes on with the next record.
 */
class DeadLetterIntegrationTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String HOST = "dlq-" + RUN + ".test";
  private static final int LIMIT = 16 * 1024;

  @TempDir Path stateDir;

  private final KafkaSettings kafka = KafkaSettings.of(TestKafka.bootstrapServers());

  @Test
  void sendsUnreadableAndOversizedRecordsToTheDeadLetterTopicSmallAndGoesOn() throws Exception {
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicSetup.ensureTopics(admin, 3, (short) 1, 2 * 1024 * 1024);
    }
    byte[] garbage = {(byte) 0xff, 0x00, 0x13, 0x37};
    byte[] largeGarbage = new byte[100_000];
    Arrays.fill(largeGarbage, (byte) 0xfe);
    FetchResult large = page("/large", links(200));
    FetchResult next = page("/next", "<title>Next</title>");
    int largeDocument = documentBytes(new PageParser().parse(large));
    ProcessSettings settings =
        ProcessSettings.defaults()
            .with(ProcessSettings.APPLICATION_ID, "trawl-process-dlq-" + RUN)
            .with(ProcessSettings.THREADS, 1)
            .with(ProcessSettings.STATE_DIR, stateDir)
            .with(ProcessSettings.MAX_RECORD_BYTES, LIMIT);

    List<Long> offsets = send(garbage, largeGarbage, encode(large), encode(next));

    List<KeyValue<String, ProcessFailure>> expected =
        List.of(
            letter(
                ProcessFailure.newBuilder(unreadable(offsets.get(0)))
                    .setValue(ByteBuffer.wrap(garbage))
                    .setValueLength(garbage.length)
                    .build()),
            letter(
                ProcessFailure.newBuilder(unreadable(offsets.get(1)))
                    .setValue(null)
                    .setValueLength(largeGarbage.length)
                    .build()),
            letter(tooLarge(offsets.get(2), largeDocument)));
    try (TopicReader<ProcessFailure> deadLetters = new TopicReader<>(kafka, Topics.PROCESS_DLQ);
        TopicReader<Document> documents = new TopicReader<>(kafka, Topics.DOCUMENTS);
        ProcessWorker worker =
            new ProcessWorker(settings, kafka, AdminSettings.of("127.0.0.1", -1))) {
      worker.start();
      await()
          .atMost(90, SECONDS)
          .untilAsserted(
              () ->
                  assertThat(ofThisRun(documents.readToEnd()))
                      .containsExactly(KeyValue.pair(HOST, new PageParser().parse(next))));
      assertThat(withoutTimes(ofThisRun(deadLetters.readToEnd()))).isEqualTo(expected);
      assertThat(worker.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
      assertThat(largeDocument).isGreaterThan(LIMIT);
    }
  }

  private ProcessFailure unreadable(long offset) {
    return ProcessFailure.newBuilder()
        .setSourceTopic(Topics.PAGES.name())
        .setPartition(0)
        .setOffset(offset)
        .setKey(ByteBuffer.wrap(HOST.getBytes(StandardCharsets.UTF_8)))
        .setValue(null)
        .setStage("DESERIALIZATION")
        .setProcessorNode(null)
        .setReason("")
        .setExceptionClass(SerializationException.class.getName())
        .setFailedAt(0)
        .setTargetTopic(null)
        .setKeyLength(HOST.length())
        .setValueLength(null)
        .build();
  }

  private ProcessFailure tooLarge(long offset, int bytes) {
    return ProcessFailure.newBuilder()
        .setSourceTopic(Topics.PAGES.name())
        .setPartition(0)
        .setOffset(offset)
        .setKey(null)
        .setValue(null)
        .setStage("PRODUCTION")
        .setProcessorNode(Topics.DOCUMENTS.name() + "-sink")
        .setReason(
            "a record value of %d bytes for %s is over the limit of %d bytes"
                .formatted(bytes, Topics.DOCUMENTS.name(), LIMIT))
        .setExceptionClass(OversizedRecordException.class.getName())
        .setFailedAt(0)
        .setTargetTopic(Topics.DOCUMENTS.name())
        .setKeyLength(null)
        .setValueLength(bytes)
        .build();
  }

  private static KeyValue<String, ProcessFailure> letter(ProcessFailure failure) {
    return KeyValue.pair(HOST, failure);
  }

  /**
   * The letters with failedAt (wall-clock) cleared, the partition (the host's) set to 0, and the
   * reason of an unreadable record (the Avro decoder's words, checked not empty) cleared.
   */
  private static List<KeyValue<String, ProcessFailure>> withoutTimes(
      List<KeyValue<String, ProcessFailure>> letters) {
    List<KeyValue<String, ProcessFailure>> cleared = new ArrayList<>();
    for (KeyValue<String, ProcessFailure> letter : letters) {
      ProcessFailure.Builder failure =
          ProcessFailure.newBuilder(letter.value).setFailedAt(0).setPartition(0);
      if (letter.value.getStage().equals("DESERIALIZATION")) {
        assertThat(letter.value.getReason()).isNotEmpty();
        failure.setReason("");
      }
      cleared.add(KeyValue.pair(letter.key, failure.build()));
    }
    return cleared;
  }

  private static <V> List<KeyValue<String, V>> ofThisRun(List<KeyValue<String, V>> all) {
    return all.stream().filter(kv -> HOST.equals(kv.key)).toList();
  }

  /** Sends raw values to trawl.pages keyed by the host; returns their offsets. */
  private List<Long> send(byte[]... values) throws Exception {
    List<Long> offsets = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            kafka.producer(), new ByteArraySerializer(), new ByteArraySerializer())) {
      for (byte[] value : values) {
        byte[] key = HOST.getBytes(StandardCharsets.UTF_8);
        offsets.add(
            producer
                .send(new ProducerRecord<>(Topics.PAGES.name(), key, value))
                .get(30, SECONDS)
                .offset());
      }
    }
    return offsets;
  }

  /** A page at its crawl's maximum depth, so its links are not followed. */
  private static FetchResult page(String path, String html) {
    FetchRequest request =
        FetchRequest.newBuilder(Pages.request("http://" + HOST + path, HOST))
            .setCrawlId("dlq-" + RUN)
            .setMaxDepth(0)
            .build();
    return html(request, html);
  }

  /** {@code count} links of about 200 bytes each. */
  private static String links(int count) {
    StringBuilder html = new StringBuilder();
    for (int i = 0; i < count; i++) {
      html.append("<a href=/").append(i).append('-').append("l".repeat(180)).append("></a>");
    }
    return html.toString();
  }

  private static byte[] encode(FetchResult result) {
    return Topics.PAGES.valueSerde().serializer().serialize(Topics.PAGES.name(), result);
  }

  private static int documentBytes(Document document) {
    return Topics.DOCUMENTS.valueSerde().serializer().serialize("t", document).length;
  }
}
