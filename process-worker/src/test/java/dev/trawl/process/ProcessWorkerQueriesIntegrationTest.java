package dev.trawl.process;

import static dev.trawl.process.Pages.request;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.process.internal.deadletters.DeadLetterHandler;
import dev.trawl.runtime.AdminSettings;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two process workers of one application on a real broker: dead letters with their raw bytes, and
 * the {@code /domains} endpoints answering (or pointing to) the instance that holds each host.
 */
class ProcessWorkerQueriesIntegrationTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final int HOSTS = 6;
  private static final byte[] GARBAGE = {(byte) 0xff, 0x00, 0x13, 0x37};

  @TempDir Path firstStateDir;
  @TempDir Path secondStateDir;

  private final KafkaSettings kafka = KafkaSettings.of(TestKafka.bootstrapServers());
  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

  @Test
  void deadLettersGarbageAndAnswersDomainQueriesAcrossTwoInstances() throws Exception {
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicSetup.ensureTopics(admin, 3, (short) 1, 2 * 1024 * 1024);
    }
    String garbageHost = "garbage-" + RUN + ".test";
    RecordMetadata garbage = produceRaw(garbageHost, GARBAGE);
    Map<String, Long> pagesByHost = producePages();
    ProcessSettings settings =
        ProcessSettings.defaults()
            .with(ProcessSettings.APPLICATION_ID, "trawl-process-queries-" + RUN)
            .with(ProcessSettings.THREADS, 1);

    try (ProcessWorker first =
            new ProcessWorker(
                settings.with(ProcessSettings.STATE_DIR, firstStateDir),
                kafka,
                AdminSettings.of("127.0.0.1", 0));
        ProcessWorker second =
            new ProcessWorker(
                settings.with(ProcessSettings.STATE_DIR, secondStateDir),
                kafka,
                AdminSettings.of("127.0.0.1", 0));
        TopicReader<ProcessFailure> deadLetters = new TopicReader<>(kafka, Topics.PROCESS_DLQ)) {
      first.start();
      second.start();
      List<ProcessWorker> workers = List.of(first, second);

      await()
          .atMost(90, SECONDS)
          .untilAsserted(() -> assertThat(answers(workers, pagesByHost)).isEqualTo(pagesByHost));

      // The stores answer before the transaction holding the dead letter commits: wait for it.
      await()
          .atMost(60, SECONDS)
          .untilAsserted(() -> assertThat(deadLettersOf(deadLetters, garbageHost)).isNotEmpty());
      List<KeyValue<String, ProcessFailure>> letters = deadLettersOf(deadLetters, garbageHost);
      assertThat(letters).hasSize(1);
      ProcessFailure letter = letters.get(0).value;
      assertThat(letter)
          .isEqualTo(
              ProcessFailure.newBuilder(letter)
                  .setSourceTopic(Topics.PAGES.name())
                  .setPartition(garbage.partition())
                  .setOffset(garbage.offset())
                  .setKey(ByteBuffer.wrap(garbageHost.getBytes(StandardCharsets.UTF_8)))
                  .setValue(ByteBuffer.wrap(GARBAGE))
                  .setStage(DeadLetterHandler.DESERIALIZATION)
                  .setProcessorNode(null)
                  .setExceptionClass("org.apache.kafka.common.errors.SerializationException")
                  .build());
      assertThat(letter.getReason()).startsWith("cannot read a FetchResult from topic trawl.pages");
      assertThat(first.state()).isEqualTo(KafkaStreams.State.RUNNING);
      assertThat(second.state()).isEqualTo(KafkaStreams.State.RUNNING);
      String scrapes = first.registry().scrape() + second.registry().scrape();
      assertThat(scrapes)
          .contains(
              "trawl_process_dead_letters_total{role=\"process-worker\",stage=\"deserialization\"} 1.0")
          .contains("kafka_stream_thread_process_total");

      // Each instance ranks only its own partitions and says so; together they cover all hosts.
      Set<Integer> partitions = new HashSet<>();
      Map<String, Long> ranked = new HashMap<>();
      for (ProcessWorker worker : workers) {
        JsonNode top = json.readTree(get(worker.adminPort(), "/domains?top=1000").body());
        assertThat(top.get("instance").asText()).isEqualTo("127.0.0.1:" + worker.adminPort());
        assertThat(top.get("otherInstances"))
            .extracting(JsonNode::asText)
            .containsExactly("127.0.0.1:" + other(workers, worker).adminPort());
        top.get("partitions").forEach(p -> assertThat(partitions.add(p.asInt())).isTrue());
        for (JsonNode host : top.get("top")) {
          if (pagesByHost.containsKey(host.get("host").asText())) {
            ranked.put(host.get("host").asText(), host.get("pages").asLong());
          }
        }
      }
      assertThat(partitions).containsExactlyInAnyOrder(0, 1, 2);
      assertThat(ranked).isEqualTo(pagesByHost);
      assertThat(get(first.adminPort(), "/domains?top=0").statusCode()).isEqualTo(400);
    }
  }

  /**
   * Pages per host as /domains/{host} on the first worker reports them, following its redirect to
   * the holder when the host lives on the other worker.
   */
  private Map<String, Long> answers(List<ProcessWorker> workers, Map<String, Long> expected)
      throws Exception {
    Map<String, Long> answers = new HashMap<>();
    for (String host : expected.keySet()) {
      HttpResponse<String> response = get(workers.get(0).adminPort(), "/domains/" + host);
      if (response.statusCode() == 307) {
        String heldBy = json.readTree(response.body()).get("heldBy").asText();
        assertThat(heldBy).isEqualTo("127.0.0.1:" + workers.get(1).adminPort());
        assertThat(response.headers().firstValue("Location"))
            .contains("http://" + heldBy + "/domains/" + host);
        response = get(workers.get(1).adminPort(), "/domains/" + host);
      }
      if (response.statusCode() == 200) {
        JsonNode stats = json.readTree(response.body());
        assertThat(stats.get("host").asText()).isEqualTo(host);
        assertThat(stats.get("latencyP95UpperBoundMs").asLong()).isEqualTo(50);
        answers.put(host, stats.get("pages").asLong());
      }
    }
    return answers;
  }

  private static ProcessWorker other(List<ProcessWorker> workers, ProcessWorker worker) {
    return workers.get(0) == worker ? workers.get(1) : workers.get(0);
  }

  /** One to {@link #HOSTS} pages for each of {@link #HOSTS} hosts, each fetched in 40 ms. */
  private Map<String, Long> producePages() throws Exception {
    Map<String, Long> pagesByHost = new HashMap<>();
    List<FetchResult> results = new ArrayList<>();
    for (int h = 1; h <= HOSTS; h++) {
      String host = "h" + h + "-" + RUN + ".test";
      for (int p = 0; p < h; p++) {
        results.add(Pages.html(request("http://" + host + "/" + p, host), "<p>page " + p));
      }
      pagesByHost.put(host, (long) h);
    }
    try (KafkaProducer<String, FetchResult> producer =
        new KafkaProducer<>(
            kafka.producer(),
            Topics.PAGES.keySerde().serializer(),
            Topics.PAGES.valueSerde().serializer())) {
      for (FetchResult result : results) {
        String host = result.getRequest().getHost();
        producer.send(new ProducerRecord<>(Topics.PAGES.name(), host, result)).get(30, SECONDS);
      }
    }
    return pagesByHost;
  }

  private RecordMetadata produceRaw(String key, byte[] value) throws Exception {
    try (KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(kafka.producer(), new StringSerializer(), new ByteArraySerializer())) {
      return producer.send(new ProducerRecord<>(Topics.PAGES.name(), key, value)).get(30, SECONDS);
    }
  }

  private HttpResponse<String> get(int port, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static List<KeyValue<String, ProcessFailure>> deadLettersOf(
      TopicReader<ProcessFailure> deadLetters, String host) {
    return deadLetters.readToEnd().stream().filter(kv -> host.equals(kv.key)).toList();
  }
}
