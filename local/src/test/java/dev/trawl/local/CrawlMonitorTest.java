package dev.trawl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.embedded.EmbeddedKafka;
import dev.trawl.producer.CrawlSpec;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchError;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.Topics;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
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
    kafka = KafkaSettings.of(broker.bootstrapServers(), Map.of());
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicSetup.ensureTopics(admin, 2, (short) 1, 1024 * 1024);
    }
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void reportsEachUrlOnceAndKeepsNoOutcome() throws Exception {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      urls.add("http://127.0.0.1:9/page/" + i);
    }
    try (KafkaProducer<String, FetchFailure> producer =
        new KafkaProducer<>(
            kafka.producer(), new StringSerializer(), Topics.FETCH_DLQ.valueSerde().serializer())) {
      for (String url : urls) {
        producer.send(failure(CRAWL, url));
      }
      producer.send(failure(CRAWL, urls.get(0)));
      producer.send(failure("another-crawl", "http://127.0.0.1:9/elsewhere"));
    }

    List<WeakReference<Outcome>> reported = new ArrayList<>();
    List<String> reportedUrls = new ArrayList<>();
    CrawlSpec crawl = new CrawlSpec(CRAWL, 0, CrawlScope.HOST, Map.of());
    try (CrawlMonitor monitor = new CrawlMonitor(kafka, crawl, urls)) {
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

      for (int i = 0; i < 10 && reported.stream().anyMatch(r -> r.get() != null); i++) {
        System.gc();
      }
      assertThat(reported).as("outcomes still reachable").allMatch(r -> r.get() == null);
    }
  }

  private static ProducerRecord<String, FetchFailure> failure(String crawlId, String url) {
    FetchRequest request =
        FetchRequest.newBuilder()
            .setUrl(url)
            .setHost("127.0.0.1")
            .setCrawlId(crawlId)
            .setDepth(0)
            .setMaxDepth(0)
            .setScope(CrawlScope.HOST)
            .setEnqueuedAt(1L)
            .build();
    FetchFailure failure =
        FetchFailure.newBuilder()
            .setRequest(request)
            .setAttempts(3)
            .setError(new FetchError(ErrorType.CONNECT, "refused"))
            .setFailedAt(2L)
            .build();
    return new ProducerRecord<>(Topics.FETCH_DLQ.name(), "127.0.0.1", failure);
  }
}
