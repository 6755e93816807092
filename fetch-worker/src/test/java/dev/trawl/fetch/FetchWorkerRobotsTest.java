package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.fetch.ScriptedSite.Answer;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Robots.txt failures delay, never deny: a whole worker against a real broker and server whose
 * robots.txt answers 503, too late, or not at all.
 */
class FetchWorkerRobotsTest {

  private static final String RULES = "User-agent: *\nDisallow: /private/\n";

  private ScriptedSite site;

  @BeforeEach
  void startSite() {
    site = new ScriptedSite(1);
    site.on("/public/1", 200, "one");
    site.on("/public/2", 200, "two");
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
        .with(EgressSettings.ALLOW_PRIVATE_NETWORK, true)
        .with(FetchPolicy.MAX_ATTEMPTS, 3)
        .with(FetchPolicy.RETRY_BASE_DELAY, Duration.ofMillis(20))
        .with(FetchPolicy.RETRY_MAX_DELAY, Duration.ofMillis(3_000));
  }

  /** Runs one worker until every URL has its outcome; returns them by URL. */
  private Map<String, String> run(FetchSettings settings, List<String> paths) throws Exception {
    KafkaFixture kafka = new KafkaFixture(TestKafka.bootstrapServers(), settings, 1);
    kafka.publish(
        paths.stream().map(p -> KafkaFixture.request(site.url(1, p), "127.0.0.1")).toList(), false);
    try (FetchWorker worker = kafka.worker(new SimpleMeterRegistry())) {
      worker.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> worker.completedCount() == paths.size());
    }
    Map<String, String> outcomes = new TreeMap<>();
    for (FetchResult r : kafka.results()) {
      String error = r.getError() == null ? "" : " " + r.getError().getType();
      outcomes.merge(
          r.getRequest().getUrl().substring(site.url(1, "").length()),
          r.getOutcome() + " " + r.getStatus() + error,
          (a, b) -> a + "|" + b);
    }
    for (FetchFailure f : kafka.failures()) {
      outcomes.merge(
          f.getRequest().getUrl().substring(site.url(1, "").length()),
          "FAILED "
              + f.getAttempts()
              + " "
              + f.getStatus()
              + " "
              + f.getError().getType()
              + ": "
              + f.getError().getMessage(),
          (a, b) -> a + "|" + b);
    }
    return outcomes;
  }

  @Test
  void waitsOutARobotsTxtAnswering503AndObeysItOnceItAnswers() throws Exception {
    // Retry-After makes every URL wait for the same next robots.txt fetch.
    site.on(
        "/robots.txt",
        (host, nth) ->
            nth <= 2 ? new Answer(503, "busy", "Retry-After", "1") : new Answer(200, RULES));

    Map<String, String> outcomes = run(base(), List.of("/public/1", "/private/1", "/public/2"));

    assertThat(outcomes)
        .isEqualTo(
            Map.of(
                "/public/1", "FETCHED 200",
                "/public/2", "FETCHED 200",
                "/private/1", "DENIED_BY_ROBOTS 0 ROBOTS_DENIED"));
    assertThat(site.hits(1, "/robots.txt")).hasSize(3);
    assertThat(site.hits(1, "/private/1")).isEmpty();
  }

  @Test
  void failsUrlsWhoseRobotsTxtStaysUnavailableNeverDeniesThem() throws Exception {
    site.on("/robots.txt", 503, "down", "Retry-After", "1");

    Map<String, String> outcomes = run(base(), List.of("/public/1", "/public/2"));

    String failed = "FAILED 3 503 HTTP_STATUS: robots.txt unavailable: HTTP 503 after 3 attempts";
    assertThat(outcomes).isEqualTo(Map.of("/public/1", failed, "/public/2", failed));
    assertThat(site.hits(1, "/robots.txt")).hasSize(3);
    assertThat(site.hits(1, "/public/1")).isEmpty();
    assertThat(site.hits(1, "/public/2")).isEmpty();
  }

  @Test
  void aSlowRobotsTxtHasItsOwnTimeoutAndLeavesThePageItsOwn() throws Exception {
    // Robots.txt answers after 1.5 s, within its 10 s: the page still has its whole second.
    site.on("/robots.txt", (host, nth) -> new Answer(200, RULES, 1_500));

    Map<String, String> outcomes =
        run(
            base()
                .with(FetchSettings.TIMEOUT, Duration.ofMillis(1_000))
                .with(FetchPolicy.ROBOTS_TIMEOUT, Duration.ofSeconds(10)),
            List.of("/public/1"));

    assertThat(outcomes).isEqualTo(Map.of("/public/1", "FETCHED 200"));
  }

  @Test
  void retriesARobotsTxtThatTimesOutAndFailsTheUrlAfterItsLastAttempt() throws Exception {
    site.on("/robots.txt", (host, nth) -> new Answer(200, RULES, 3_000));

    Map<String, String> outcomes =
        run(base().with(FetchPolicy.ROBOTS_TIMEOUT, Duration.ofMillis(200)), List.of("/public/1"));

    assertThat(outcomes).containsOnlyKeys("/public/1");
    assertThat(outcomes.get("/public/1"))
        .startsWith("FAILED 3 0 TIMEOUT: robots.txt unavailable: TimeoutException: ")
        .endsWith(" after 3 attempts");
    assertThat(site.hits(1, "/robots.txt")).hasSize(3);
    assertThat(site.hits(1, "/public/1")).isEmpty();
  }

  @Test
  void namesTheRobotsTxtAndItsStatusInTheFailureOfAUrlWithOneAttempt() throws Exception {
    site.on("/robots.txt", 429, "slow down");

    Map<String, String> outcomes =
        run(base().with(FetchPolicy.MAX_ATTEMPTS, 1), List.of("/public/1"));

    assertThat(outcomes)
        .isEqualTo(
            Map.of(
                "/public/1",
                "FAILED 1 429 HTTP_STATUS: robots.txt unavailable: HTTP 429 after 1 attempt"));
  }
}
