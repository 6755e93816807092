package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.EmbeddedKafka;
import dev.trawl.fetch.ScriptedSite.Answer;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.net.HostResolver;
import dev.trawl.schemas.FetchRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broker of the test's own is stopped while outcomes are on their way to it, and started again on
 * the same port and data: the worker waits it out (not ready meanwhile, live all along), sends the
 * outcomes again, and every URL ends with exactly one outcome.
 */
class FetchWorkerBrokerRestartTest {

  private static final int URLS = 20;

  @Test
  void waitsOutABrokerStopAndRestartAndPublishesEveryOutcomeOnce(@TempDir Path dataDir)
      throws Exception {
    CountDownLatch answer = new CountDownLatch(1);
    try (ScriptedSite site = new ScriptedSite(1)) {
      site.on("/before/", 200, "before");
      site.on("/during/", (host, nth) -> awaitThen(answer, new Answer(200, "during")));
      EmbeddedKafka broker = EmbeddedKafka.start(dataDir, 0);
      int port = broker.port();
      try {
        FetchSettings settings =
            FetchSettings.defaults()
                .with(FetchSettings.HOST_MAX_IN_FLIGHT, 2 * URLS)
                .with(FetchSettings.COMMIT_INTERVAL, Duration.ofMillis(200))
                .with(FetchPolicy.ROBOTS, false)
                .with(EgressSettings.ALLOW_PRIVATE_NETWORK, true);
        KafkaFixture kafka = new KafkaFixture(broker.bootstrapServers(), settings, 2);
        // Sends fail (TimeoutException) a few seconds into the outage, not after one or two
        // minutes: a batch expires after delivery.timeout.ms, a send waiting for metadata after
        // max.block.ms.
        Map<String, String> quick = new HashMap<>();
        quick.put("producer.delivery.timeout.ms", "3000");
        quick.put("producer.request.timeout.ms", "1000");
        quick.put("producer.max.block.ms", "2000");
        KafkaSettings clients = KafkaSettings.of(broker.bootstrapServers(), quick);
        List<FetchRequest> before = requests(site, "/before/");
        List<FetchRequest> during = requests(site, "/during/");

        FetchWorker worker =
            new FetchWorker(
                kafka.settings,
                kafka.topics,
                clients,
                new SimpleMeterRegistry(),
                settings.egress().addressCheck(),
                HostResolver.SYSTEM);
        try {
          worker.start();
          kafka.publish(before, false);
          await().atMost(Duration.ofSeconds(60)).until(() -> worker.completedCount() == URLS);
          kafka.publish(during, false);
          await().atMost(Duration.ofSeconds(60)).until(() -> worker.inFlight() == URLS);

          broker.close();
          answer.countDown(); // The outcomes of these fetches meet no broker.
          await().atMost(Duration.ofSeconds(60)).until(() -> !worker.health().ready());
          assertThat(worker.health().live()).isTrue();
          broker = EmbeddedKafka.start(dataDir, port);

          await().atMost(Duration.ofSeconds(120)).until(() -> worker.completedCount() == 2 * URLS);
          Map<?, Long> end = kafka.urlsEndOffsets();
          await()
              .atMost(Duration.ofSeconds(60))
              .until(() -> kafka.urlsCommittedOffsets().equals(end));
          await().atMost(Duration.ofSeconds(30)).until(() -> worker.health().ready());
        } finally {
          worker.close(Duration.ofSeconds(10));
        }

        assertThat(worker.failure()).isNull();
        Map<String, List<String>> expected = new HashMap<>();
        before.forEach(r -> expected.put(r.getUrl(), List.of("200")));
        during.forEach(r -> expected.put(r.getUrl(), List.of("200")));
        assertThat(kafka.outcomes()).isEqualTo(expected);
      } finally {
        broker.close();
      }
    }
  }

  private static List<FetchRequest> requests(ScriptedSite site, String prefix) {
    List<FetchRequest> requests = new ArrayList<>();
    for (int i = 0; i < URLS; i++) {
      String path = prefix + i;
      requests.add(KafkaFixture.request(site.url(1, path), "127.0.0.1"));
    }
    return requests;
  }

  /** Holds a server thread until {@code gate} opens (at most a minute), then answers. */
  private static Answer awaitThen(CountDownLatch gate, Answer answer) {
    try {
      gate.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return answer;
  }
}
