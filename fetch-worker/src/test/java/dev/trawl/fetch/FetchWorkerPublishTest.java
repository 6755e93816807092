package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.fetch.internal.outcome.RecordBounds;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.Metrics;
import dev.trawl.runtime.net.HostResolver;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchError;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.ProcessFailure;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * No failed publish stops the worker and every consumed record ends in one record: against a real
 * broker, a page Kafka refuses is replaced by its smallest failure, and records that are no request
 * go to the process DLQ.
 */
class FetchWorkerPublishTest {

  private ScriptedSite site;

  @BeforeEach
  void startSite() {
    site = new ScriptedSite(1);
    site.on("/robots.txt", 404, "none");
    site.on("/big", 200, "b".repeat(300_000));
    site.on("/small", 200, "small");
  }

  @AfterEach
  void stopSite() throws Exception {
    site.close();
  }

  private static FetchSettings base() {
    return FetchSettings.defaults()
        .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(2))
        .with(FetchSettings.TIMEOUT, Duration.ofSeconds(10))
        .with(FetchSettings.COMMIT_INTERVAL, Duration.ofMillis(200))
        .with(EgressSettings.ALLOW_PRIVATE_NETWORK, true);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void replacesAPageKafkaRefusesForGoodWithItsSmallestFailureAndGoesOn() throws Exception {
    KafkaFixture kafka = new KafkaFixture(TestKafka.bootstrapServers(), base(), 1);
    // The user's max.request.size wins over the one sized for pages: a 300 KB page cannot pass.
    KafkaSettings limited =
        KafkaSettings.of(
            kafka.kafka.bootstrapServers(), Map.of("producer.max.request.size", "100000"));
    Map<String, String> seedMetadata = new HashMap<>();
    for (int i = 0; i < 10; i++) {
      seedMetadata.put("seed-" + i, "m".repeat(1_000));
    }
    FetchRequest big =
        FetchRequest.newBuilder(KafkaFixture.request(site.url(1, "/big"), "127.0.0.1"))
            .setMetadata(seedMetadata)
            .build();
    FetchRequest small = KafkaFixture.request(site.url(1, "/small"), "127.0.0.1");
    kafka.publish(List.of(big, small), false);
    PrometheusMeterRegistry registry = Metrics.newRegistry("fetch-worker");

    FetchWorker worker =
        new FetchWorker(
            kafka.settings,
            kafka.topics,
            limited,
            registry,
            kafka.settings.egress().addressCheck(),
            HostResolver.SYSTEM);
    try {
      worker.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> worker.completedCount() == 2);
      Map<?, Long> end = kafka.urlsEndOffsets();
      await().atMost(Duration.ofSeconds(30)).until(() -> kafka.urlsCommittedOffsets().equals(end));
      assertThat(worker.health().live()).isTrue();
      assertThat(worker.health().ready()).isTrue();
    } finally {
      worker.close(Duration.ofSeconds(10));
    }

    assertThat(worker.failure()).isNull();
    assertThat(kafka.outcomes())
        .isEqualTo(Map.of(small.getUrl(), List.of("200"), big.getUrl(), List.of("OTHER")));
    FetchFailure failure = kafka.failures().get(0);
    assertThat(failure.getError().getMessage())
        .matches(
            "the outcome \\(Page\\) of 3\\d{5} bytes met Kafka's limit \\(max.request.size 100000"
                + " bytes, or the topic's max.message.bytes\\): RecordTooLargeException: .+");
    assertThat(failure)
        .isEqualTo(
            FetchFailure.newBuilder()
                .setRequest(
                    FetchRequest.newBuilder(big)
                        .setMetadata(Map.of(RecordBounds.CUT_KEY, "metadata dropped (10 entries)"))
                        .build())
                .setAttempts(1)
                .setError(new FetchError(ErrorType.OTHER, failure.getError().getMessage()))
                .setFailedAt(failure.getFailedAt())
                .setStatus(0)
                .setProxyId(null)
                .build());
    assertThat(registry.scrape())
        .contains("trawl_fetch_publish_failures_total{kind=\"refused\",role=\"fetch-worker\"} 1.0");
  }

  @Test
  void sendsRecordsThatAreNoRequestToTheProcessDlqWithTheirBytesUpToTheCap() throws Exception {
    KafkaFixture kafka = new KafkaFixture(TestKafka.bootstrapServers(), base(), 1);
    byte[] huge = new byte[70_000];
    kafka.publishRaw(utf8("k1"), utf8("not avro"));
    kafka.publishRaw(null, huge);
    kafka.publishRaw(utf8("k3"), null);
    FetchRequest small = KafkaFixture.request(site.url(1, "/small"), "127.0.0.1");
    kafka.publish(List.of(small), false);

    try (FetchWorker worker = kafka.worker(Metrics.newRegistry("fetch-worker"))) {
      worker.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> worker.completedCount() == 4);
      Map<?, Long> end = kafka.urlsEndOffsets();
      await().atMost(Duration.ofSeconds(30)).until(() -> kafka.urlsCommittedOffsets().equals(end));
    }

    assertThat(kafka.outcomes()).isEqualTo(Map.of(small.getUrl(), List.of("200")));
    List<Map.Entry<byte[], ProcessFailure>> letters = kafka.deadLetters();
    assertThat(letters).hasSize(3);
    assertThat(letters.stream().map(Map.Entry::getKey).toList())
        .containsExactly(utf8("k1"), null, utf8("k3"));
    String unreadable =
        "not a FetchRequest: cannot read a FetchRequest from topic " + kafka.topics.urls() + ": ";
    assertThat(letters.get(0).getValue().getReason()).startsWith(unreadable);
    assertThat(letters.get(1).getValue().getReason())
        .startsWith(unreadable)
        .endsWith("; raw value of 70000 bytes left out (over 65536)");
    assertThat(letters.stream().map(Map.Entry::getValue).toList())
        .containsExactly(
            letter(kafka, 0, utf8("k1"), utf8("not avro"), letters.get(0).getValue()),
            letter(kafka, 1, null, null, letters.get(1).getValue()),
            letter(kafka, 2, utf8("k3"), null, letters.get(2).getValue()));
    assertThat(letters.get(2).getValue().getReason())
        .isEqualTo("not a FetchRequest: the record has no value");
  }

  /** The dead letter expected at {@code offset}; reason and time as {@code actual} has them. */
  private static ProcessFailure letter(
      KafkaFixture kafka, long offset, byte[] key, byte[] value, ProcessFailure actual) {
    return ProcessFailure.newBuilder()
        .setSourceTopic(kafka.topics.urls())
        .setPartition(0)
        .setOffset(offset)
        .setKey(key == null ? null : ByteBuffer.wrap(key))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setStage("DESERIALIZATION")
        .setProcessorNode(null)
        .setReason(actual.getReason())
        .setExceptionClass("org.apache.kafka.common.errors.SerializationException")
        .setFailedAt(actual.getFailedAt())
        .build();
  }
}
