package dev.trawl.process;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.runtime.AdminSettings;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.AvroSerde;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.HostSightings;
import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker, under exactly-once: garbage on each topic the process worker reads besides
 * trawl.pages (which DeadLetterIntegrationTest covers) — trawl.seeds, trawl.fetch-dlq and its own
 * repartition topic of URL sightings — and a seed too large to pass on, read from trawl.seeds and
 * from the repartition topic, each become one dead letter naming topic, partition, offset and
 * stage; a seed sent after them still reaches trawl.urls.
 */
class EveryInputDeadLetterIntegrationTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String HOST = "inputs-" + RUN + ".test";
  private static final String APPLICATION_ID = "trawl-process-inputs-" + RUN;
  private static final String SIGHTINGS = ProcessTopology.sightingsByHostTopic(APPLICATION_ID);
  private static final int LIMIT = 16 * 1024;

  @TempDir Path stateDir;

  private final KafkaSettings kafka = KafkaSettings.of(TestKafka.bootstrapServers());

  /** What a dead letter says of its record: topic, partition, offset and stage. */
  record Reference(String topic, int partition, long offset, String stage) {}

  @Test
  void sendsGarbageAndOversizedRecordsOfEveryInputTopicToTheDeadLetterTopicAndGoesOn()
      throws Exception {
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicSetup.ensureTopics(admin, 3, (short) 1, 2 * 1024 * 1024);
    }
    ProcessSettings settings =
        ProcessSettings.defaults()
            .with(ProcessSettings.APPLICATION_ID, APPLICATION_ID)
            .with(ProcessSettings.THREADS, 1)
            .with(ProcessSettings.STATE_DIR, stateDir)
            .with(ProcessSettings.MAX_RECORD_BYTES, LIMIT);
    byte[] garbage = {0x00, (byte) 0xff, 0x13, 0x37};
    FetchRequest oversized = seed("/oversized", Map.of("pad", "x".repeat(2 * LIMIT)));
    FetchRequest next = seed("/next", Map.of());
    try (TopicReader<ProcessFailure> deadLetters = new TopicReader<>(kafka, Topics.PROCESS_DLQ);
        TopicReader<FetchRequest> urls = new TopicReader<>(kafka, Topics.URLS);
        ProcessWorker worker =
            new ProcessWorker(settings, kafka, AdminSettings.of("127.0.0.1", -1));
        Admin admin = Admin.create(kafka.admin())) {
      worker.start();
      await()
          .atMost(90, SECONDS)
          .until(() -> admin.listTopics().names().get(30, SECONDS).contains(SIGHTINGS));
      Set<Reference> expected =
          Set.of(
              sent(Topics.SEEDS.name(), garbage, "DESERIALIZATION"),
              sent(Topics.FETCH_DLQ.name(), garbage, "DESERIALIZATION"),
              sent(SIGHTINGS, garbage, "DESERIALIZATION"),
              sent(Topics.SEEDS.name(), encode(oversized), "PRODUCTION"),
              sent(SIGHTINGS, encode(sightingsOf(oversized)), "PRODUCTION"));
      sent(Topics.SEEDS.name(), encode(next), "none");

      await()
          .atMost(90, SECONDS)
          .untilAsserted(
              () ->
                  assertThat(ofThisRun(urls.readToEnd()))
                      .containsExactly(KeyValue.pair(HOST, next)));
      assertThat(references(ofThisRun(deadLetters.readToEnd()))).isEqualTo(expected);
      assertThat(worker.state()).isIn(KafkaStreams.State.RUNNING, KafkaStreams.State.REBALANCING);
    }
  }

  private static FetchRequest seed(String path, Map<String, String> metadata) {
    return FetchRequest.newBuilder(Pages.request("http://" + HOST + path, HOST))
        .setCrawlId("inputs-" + RUN)
        .setMetadata(metadata)
        .build();
  }

  /** The sightings a seed makes on its way to the seen-URL filter. */
  private static HostSightings sightingsOf(FetchRequest seed) {
    return HostSightings.newBuilder()
        .setCrawlId(seed.getCrawlId())
        .setLinkDepth(1)
        .setMaxDepth(seed.getMaxDepth())
        .setSeeds(List.of(seed))
        .build();
  }

  private static byte[] encode(FetchRequest request) {
    return Topics.SEEDS.valueSerde().serializer().serialize(Topics.SEEDS.name(), request);
  }

  private static byte[] encode(HostSightings sightings) {
    return AvroSerde.of(HostSightings.class).serialize(SIGHTINGS, sightings);
  }

  /** Sends a raw value keyed by the host; the reference a dead letter of it must carry. */
  private Reference sent(String topic, byte[] value, String stage) throws Exception {
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(
            kafka.producer(), new ByteArraySerializer(), new ByteArraySerializer())) {
      RecordMetadata metadata =
          producer
              .send(new ProducerRecord<>(topic, HOST.getBytes(StandardCharsets.UTF_8), value))
              .get(30, SECONDS);
      return new Reference(topic, metadata.partition(), metadata.offset(), stage);
    }
  }

  private static Set<Reference> references(List<KeyValue<String, ProcessFailure>> letters) {
    return letters.stream()
        .map(
            kv ->
                new Reference(
                    kv.value.getSourceTopic(),
                    kv.value.getPartition(),
                    kv.value.getOffset(),
                    kv.value.getStage()))
        .collect(Collectors.toSet());
  }

  private static <V> List<KeyValue<String, V>> ofThisRun(List<KeyValue<String, V>> all) {
    return all.stream().filter(kv -> HOST.equals(kv.key)).toList();
  }
}
