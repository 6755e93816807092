package dev.trawl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.cli.testing.TrawlRecords;
import dev.trawl.embedded.EmbeddedKafka;
import dev.trawl.producer.CrawlSpec;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.crawl.FingerprintSet;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.Topics;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local run's monitor on a real broker: each URL of its crawl reported once (repeats counted
 * apart, other crawls ignored), and no outcome kept once reported, so a run's memory grows by a
 * URL, not by a document, per outcome.
 */
class CrawlMonitorTest {

  private static final String CRAWL = "crawl-monitor-test";

  private static EmbeddedKafka broker;
  private static KafkaSettings kafka;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = EmbeddedKafka.startTemporary();
    kafka = KafkaSettings.of(broker.bootstrapServers());
    TrawlRecords.createTopics(broker.bootstrapServers());
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void reportsEachUrlOnceAndKeepsNoOutcome() throws Exception {
    List<String> urls = new ArrayList<>();
    List<FetchFailure> failures = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      urls.add("http://a.example/page/" + i);
      failures.add(TrawlRecords.failure(urls.get(i), CRAWL));
    }
    failures.add(TrawlRecords.failure(urls.get(0), CRAWL));
    failures.add(TrawlRecords.failure("http://a.example/elsewhere", "another-crawl"));
    TrawlRecords.send(
        broker.bootstrapServers(), Topics.FETCH_DLQ, failures.toArray(FetchFailure[]::new));

    List<WeakReference<Outcome>> reported = new ArrayList<>();
    List<String> reportedUrls = new ArrayList<>();
    CrawlSpec crawl = new CrawlSpec(CRAWL, 0, CrawlScope.HOST, Map.of());
    FingerprintSet expected = new FingerprintSet();
    urls.forEach(expected::add);
    try (CrawlMonitor monitor = new CrawlMonitor(kafka, crawl, expected)) {
      assertThat(monitor.missingCount()).isEqualTo(urls.size());
      assertThat(monitor.complete()).isFalse();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (monitor.duplicateOutcomes() == 0 && System.nanoTime() < deadline) {
        monitor.poll(
            Duration.ofMillis(200),
            outcome -> {
              reported.add(new WeakReference<>(outcome));
              reportedUrls.add(outcome.url());
            });
      }
      assertThat(reportedUrls).containsExactlyInAnyOrderElementsOf(urls);
      assertThat(monitor.outcomeCount()).isEqualTo(urls.size());
      assertThat(monitor.duplicateOutcomes()).isEqualTo(1);
      assertThat(monitor.missingCount()).isZero();
      assertThat(monitor.expectedCount()).isEqualTo(urls.size());

      for (int i = 0; i < 10 && reported.stream().anyMatch(r -> r.get() != null); i++) {
        System.gc();
      }
      assertThat(reported).as("outcomes still reachable").allMatch(r -> r.get() == null);
    }
  }
}
