package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.runtime.Metrics;
import dev.trawl.schemas.FetchRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fetch workers against a real broker and a real HTTP server on loopback. */
class FetchWorkerIntegrationTest {

  private static final Logger log = LoggerFactory.getLogger(FetchWorkerIntegrationTest.class);
  private static final int HOSTS = 6;

  private static TestSite site;

  @BeforeAll
  static void startSite() {
    site = new TestSite(HOSTS);
  }

  @AfterAll
  static void stopSite() throws Exception {
    site.close();
  }

  private static FetchSettings base() {
    // The test sites listen on 127.0.0.x, which the default address guard refuses.
    return FetchSettings.defaults()
        .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(2))
        .with(FetchSettings.TIMEOUT, Duration.ofSeconds(10))
        .with(FetchSettings.COMMIT_INTERVAL, Duration.ofMillis(200))
        .with(EgressSettings.ALLOW_PRIVATE_NETWORK, true)
        .with(FetchPolicy.MAX_ATTEMPTS, 3)
        .with(FetchPolicy.RETRY_BASE_DELAY, Duration.ofMillis(20))
        .with(FetchPolicy.RETRY_MAX_DELAY, Duration.ofMillis(200));
  }

  private static String host(int i) {
    return "127.0.0." + i;
  }

  @Test
  void publishesExactlyOneOutcomePerUrlAndCommitsToTheEnd() throws Exception {
    KafkaFixture kafka =
        new KafkaFixture(
            TestKafka.bootstrapServers(),
            base()
                .with(FetchSettings.MAX_IN_FLIGHT, 64)
                .with(FetchSettings.HOST_MAX_IN_FLIGHT, 4)
                .with(FetchSettings.MAX_BUFFERED, 100),
            3);
    int closedPort = TestSite.closedPort();
    Map<String, String> expected = new LinkedHashMap<>();
    List<FetchRequest> requests = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      int host = 1 + i % 3;
      String url;
      if (i % 25 == 7) {
        url = "http://127.0.0.1:" + closedPort + "/ok/" + i;
        expected.put(url, "CONNECT");
      } else if (i % 50 == 11) {
        url = "ftp://127.0.0." + host + "/file-" + i;
        expected.put(url, "INVALID_URL");
      } else if (i % 10 == 3) {
        url = site.url(host, "/missing/" + i);
        expected.put(url, "404");
      } else {
        url = site.url(host, "/ok/" + i);
        expected.put(url, "200");
      }
      requests.add(KafkaFixture.request(url, host(host)));
    }
    kafka.publish(requests, true);

    PrometheusMeterRegistry registry = Metrics.newRegistry("fetch-worker");
    long startNanos = System.nanoTime();
    FetchWorker worker = kafka.worker(registry);
    try {
      worker.start();
      // 500 outcomes, and the dead letter of the record that is no request.
      await().atMost(Duration.ofSeconds(90)).until(() -> worker.completedCount() == 501);
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      log.info("500 outcomes in {} s, group join included", String.format("%.2f", seconds));

      Map<?, Long> end = kafka.urlsEndOffsets();
      await().atMost(Duration.ofSeconds(30)).until(() -> kafka.urlsCommittedOffsets().equals(end));
      assertThat(worker.health().ready()).isTrue();
      assertThat(registry.scrape())
          .contains("kafka_consumer_fetch_manager_records_consumed_total")
          .contains("kafka_producer_record_send_total");
    } finally {
      worker.close(Duration.ofSeconds(10));
    }

    assertThat(worker.failure()).isNull();
    assertThat(worker.inFlight()).isZero();
    assertThat(kafka.outcomes()).isEqualTo(asLists(expected));
    assertThat(kafka.deadLetters())
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(new String(letter.getKey(), StandardCharsets.UTF_8)).isEqualTo(host(1));
              assertThat(letter.getValue().getStage()).isEqualTo("DESERIALIZATION");
              assertThat(letter.getValue().getValue().array())
                  .isEqualTo("not avro".getBytes(StandardCharsets.UTF_8));
            });
    assertThat(registry.scrape())
        .contains("trawl_fetch_undecodable_total{role=\"fetch-worker\"} 1.0")
        .contains(
            "trawl_fetch_outcomes_total{error_type=\"CONNECT\",outcome=\"FAILED\","
                + "role=\"fetch-worker\",status_class=\"none\"} 20.0")
        .contains(
            "trawl_fetch_outcomes_total{error_type=\"none\",outcome=\"FETCHED\","
                + "role=\"fetch-worker\",status_class=\"4xx\"} 50.0")
        .contains("trawl_fetch_latency_seconds_bucket")
        .contains("trawl_fetch_in_flight{role=\"fetch-worker\"} 0.0");
  }

  @Test
  void losesNothingWhenASecondWorkerJoinsAndTheFirstLeaves() throws Exception {
    KafkaFixture kafka =
        new KafkaFixture(
            TestKafka.bootstrapServers(),
            base()
                .with(FetchSettings.MAX_IN_FLIGHT, 64)
                .with(FetchSettings.HOST_MAX_IN_FLIGHT, 1)
                .with(FetchSettings.MAX_BUFFERED, 20),
            6);
    Map<String, String> expected = new LinkedHashMap<>();
    List<FetchRequest> requests = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      int host = 1 + i % HOSTS;
      String url = site.url(host, "/slow/100/" + i);
      expected.put(url, "200");
      requests.add(KafkaFixture.request(url, host(host)));
    }
    kafka.publish(requests, false);

    FetchWorker first = kafka.worker(new SimpleMeterRegistry());
    FetchWorker second = kafka.worker(new SimpleMeterRegistry());
    try {
      first.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> first.completedCount() >= 60);
      second.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> second.assignedPartitions() > 0);
      first.close(Duration.ofSeconds(5));
      Map<?, Long> end = kafka.urlsEndOffsets();
      await().atMost(Duration.ofSeconds(90)).until(() -> kafka.urlsCommittedOffsets().equals(end));
    } finally {
      first.close(Duration.ofSeconds(5));
      second.close(Duration.ofSeconds(5));
    }

    Map<String, List<String>> outcomes = kafka.outcomes();
    assertThat(outcomes.keySet()).isEqualTo(expected.keySet());
    assertThat(outcomes.values()).allSatisfy(list -> assertThat(list).containsOnly("200"));
    log.info(
        "{} and {} outcomes from the two workers, {} duplicates",
        first.completedCount(),
        second.completedCount(),
        outcomes.values().stream().mapToInt(List::size).sum() - expected.size());
    assertThat(first.failure()).isNull();
    assertThat(second.failure()).isNull();
  }

  @Test
  void abandonsFetchesRunningPastTheGraceAndTheNextWorkerFetchesThem() throws Exception {
    KafkaFixture kafka =
        new KafkaFixture(
            TestKafka.bootstrapServers(),
            base()
                .with(FetchSettings.MAX_IN_FLIGHT, 64)
                .with(FetchSettings.HOST_MAX_IN_FLIGHT, 8)
                .with(FetchSettings.MAX_BUFFERED, 100),
            3);
    Map<String, String> expected = new LinkedHashMap<>();
    List<FetchRequest> requests = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      int host = 1 + i % 3;
      String url = site.url(host, "/slow/3000/" + i);
      expected.put(url, "200");
      requests.add(KafkaFixture.request(url, host(host)));
    }
    kafka.publish(requests, false);

    FetchWorker first = kafka.worker(new SimpleMeterRegistry());
    first.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> first.inFlight() == 24);
    first.close(Duration.ZERO);

    assertThat(first.completedCount()).isZero();
    assertThat(first.inFlight()).isZero();
    assertThat(kafka.urlsCommittedOffsets())
        .containsOnlyKeys(kafka.partitions(kafka.topics.urls()));
    assertThat(kafka.urlsCommittedOffsets().values()).containsOnly(0L);

    FetchWorker second = kafka.worker(new SimpleMeterRegistry());
    try {
      second.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> second.completedCount() == 24);
    } finally {
      second.close(Duration.ofSeconds(10));
    }

    assertThat(kafka.outcomes()).isEqualTo(asLists(expected));
    assertThat(kafka.urlsCommittedOffsets()).isEqualTo(kafka.urlsEndOffsets());
  }

  private static Map<String, List<String>> asLists(Map<String, String> expected) {
    return expected.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> List.of(e.getValue())));
  }
}
