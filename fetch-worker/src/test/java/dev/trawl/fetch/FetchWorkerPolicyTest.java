package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.fetch.ScriptedSite.Answer;
import dev.trawl.fetch.ScriptedSite.Hit;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Robots.txt, crawl delays and retries of a whole worker, against a real broker and server. */
class FetchWorkerPolicyTest {

  private ScriptedSite site;

  @BeforeEach
  void startSite() {
    site = new ScriptedSite(2);
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

  /** Runs one worker until every request has its outcome, then closes it. */
  private static void run(KafkaFixture kafka, List<String> urls) throws Exception {
    kafka.publish(
        urls.stream().map(url -> KafkaFixture.request(url, url.substring(7, 16))).toList(), false);
    try (FetchWorker worker = kafka.worker(new SimpleMeterRegistry())) {
      worker.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> worker.completedCount() == urls.size());
    }
  }

  private static Map<String, String> byUrl(List<FetchResult> results, List<FetchFailure> failures) {
    Map<String, String> outcomes = new TreeMap<>();
    for (FetchResult r : results) {
      String error = r.getError() == null ? "" : " " + r.getError().getType();
      outcomes.merge(
          r.getRequest().getUrl(),
          r.getOutcome() + " " + r.getStatus() + error,
          (a, b) -> a + "|" + b);
    }
    for (FetchFailure f : failures) {
      outcomes.merge(
          f.getRequest().getUrl(),
          "FAILED " + f.getError().getType() + " x" + f.getAttempts(),
          (a, b) -> a + "|" + b);
    }
    return outcomes;
  }

  private static long millisBetween(Hit a, Hit b) {
    return TimeUnit.NANOSECONDS.toMillis(b.nanos() - a.nanos());
  }

  @Test
  void obeysRobotsTxtOnEveryHopAndWaitsItsCrawlDelay() throws Exception {
    site.on("/robots.txt", 200, "User-agent: *\nDisallow: /private/\nCrawl-delay: 1\n");
    site.on("/public/1", 200, "one");
    site.on("/public/2", 200, "two");
    site.on("/public/3", 200, "three");
    site.on("/jump", 302, "", "Location", "/private/2");
    KafkaFixture kafka = new KafkaFixture(TestKafka.bootstrapServers(), base(), 1);
    List<String> urls =
        List.of(
            site.url(1, "/public/1"),
            site.url(1, "/private/1"),
            site.url(1, "/public/2"),
            site.url(1, "/jump"),
            site.url(1, "/public/3"));

    run(kafka, urls);

    assertThat(byUrl(kafka.results(), kafka.failures()))
        .isEqualTo(
            Map.of(
                site.url(1, "/public/1"), "FETCHED 200",
                site.url(1, "/public/2"), "FETCHED 200",
                site.url(1, "/public/3"), "FETCHED 200",
                site.url(1, "/private/1"), "DENIED_BY_ROBOTS 0 ROBOTS_DENIED",
                site.url(1, "/jump"), "DENIED_BY_ROBOTS 0 ROBOTS_DENIED"));
    assertThat(site.hits(1, "/robots.txt")).hasSize(1);
    assertThat(site.hits(1, "/private/1")).isEmpty();
    assertThat(site.hits(1, "/private/2")).isEmpty();
    Hit first = site.hits(1, "/public/1").get(0);
    Hit second = site.hits(1, "/public/2").get(0);
    Hit third = site.hits(1, "/public/3").get(0);
    // A lower bound the worker guarantees (start to start), less network jitter: not a speed test.
    assertThat(millisBetween(first, second)).isGreaterThanOrEqualTo(900);
    assertThat(millisBetween(second, third)).isGreaterThanOrEqualTo(900);
  }

  @Test
  void retriesHonouringRetryAfterAndSendsExhaustedFailuresToTheDlq() throws Exception {
    site.on(
        "/busy",
        (host, nth) ->
            nth == 1 ? new Answer(429, "slow down", "Retry-After", "1") : new Answer(200, "ok"));
    site.on("/down", 503, "down");
    int closedPort = TestSite.closedPort();
    String refused = "http://127.0.0.2:" + closedPort + "/refused";
    KafkaFixture kafka = new KafkaFixture(TestKafka.bootstrapServers(), base(), 1);

    run(kafka, List.of(site.url(1, "/busy"), site.url(1, "/down"), refused));

    assertThat(byUrl(kafka.results(), kafka.failures()))
        .isEqualTo(
            Map.of(
                site.url(1, "/busy"),
                "FETCHED 200",
                site.url(1, "/down"),
                "FAILED HTTP_STATUS x3",
                refused,
                "FAILED CONNECT x3"));
    List<Hit> busy = site.hits(1, "/busy");
    assertThat(busy).hasSize(2);
    assertThat(millisBetween(busy.get(0), busy.get(1))).isGreaterThanOrEqualTo(900);
    assertThat(site.hits(1, "/down")).hasSize(3);
    FetchFailure down =
        kafka.failures().stream()
            .filter(f -> f.getRequest().getUrl().equals(site.url(1, "/down")))
            .findFirst()
            .orElseThrow();
    assertThat(down.getStatus()).isEqualTo(503);
    assertThat(down.getError().getMessage()).isEqualTo("HTTP 503 after 3 attempts");
    assertThat(down.getProxyId()).isNull();
  }

  @Test
  void keepsOnlyAllowedContentTypesAndEndsRedirectsOutOfScopeAsRedirected() throws Exception {
    site.on("/robots.txt", 200, "User-agent: *\nAllow: /\n");
    site.on("/page", 200, "<html>page</html>", "Content-Type", "text/html; charset=utf-8");
    site.on("/image", 200, "not read", "Content-Type", "image/png");
    site.on("/away", 302, "", "Location", site.url(2, "/page"));
    site.on("/near", 302, "", "Location", "/page");
    KafkaFixture kafka = new KafkaFixture(TestKafka.bootstrapServers(), base(), 1);

    run(
        kafka,
        List.of(
            site.url(1, "/page"),
            site.url(1, "/image"),
            site.url(1, "/away"),
            site.url(1, "/near")));

    assertThat(byUrl(kafka.results(), kafka.failures()))
        .isEqualTo(
            Map.of(
                site.url(1, "/page"), "FETCHED 200",
                site.url(1, "/image"), "FETCHED 200 CONTENT_TYPE",
                site.url(1, "/away"), "REDIRECTED 302",
                site.url(1, "/near"), "FETCHED 200"));
    FetchResult away =
        kafka.results().stream()
            .filter(r -> r.getRequest().getUrl().equals(site.url(1, "/away")))
            .findFirst()
            .orElseThrow();
    assertThat(away.getFinalUrl()).isEqualTo(site.url(2, "/page"));
    assertThat(away.getRedirectChain()).containsExactly(site.url(1, "/away"));
    assertThat(site.hits(2, "/page")).isEmpty();
    FetchResult image =
        kafka.results().stream()
            .filter(r -> r.getRequest().getUrl().equals(site.url(1, "/image")))
            .findFirst()
            .orElseThrow();
    assertThat(image.getBody().remaining()).isZero();
    assertThat(image.getContentType()).isEqualTo("image/png");
  }
}
