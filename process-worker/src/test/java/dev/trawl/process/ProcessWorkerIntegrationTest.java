package dev.trawl.process;

import static dev.trawl.process.Pages.request;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.process.internal.stats.DomainStatsAggregator;
import dev.trawl.runtime.AdminSettings;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The process worker on a real broker: two stream threads, exactly-once, a restart. */
class ProcessWorkerIntegrationTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String CRAWL = "it-" + RUN;
  private static final String A = "a-" + RUN + ".test";
  private static final String B = "b-" + RUN + ".test";
  private static final String C = "c-" + RUN + ".test";
  private static final int CONTENT_LIMIT = 2 * 1024 * 1024;

  @TempDir Path firstStateDir;
  @TempDir Path secondStateDir;

  private final KafkaSettings kafka = KafkaSettings.of(TestKafka.bootstrapServers());
  private final PageParser parser = new PageParser();

  private final FetchRequest home = seed("http://" + A + "/", A, CrawlScope.HOST);
  private final FetchRequest bHome = seed("http://" + B + "/", B, CrawlScope.ANY);
  private final FetchResult homePage =
      page(
          home,
          200,
          "text/html; charset=UTF-8",
          utf8(
              "<html lang=en><head><title>Home</title></head><body><p>Welcome home</p>"
                  + "<a href=/about>About</a><a href='/news#top'>News</a><a href=/>Home</a>"
                  + "<a href=http://%s/>B</a></body></html>".formatted(B)),
          1_000,
          40);
  private final FetchResult aboutPage =
      page(
          deeper(home, "/about"),
          200,
          "text/html",
          utf8("<title>About</title><a href=/deeper>d</a>"),
          2_000,
          60);
  private final FetchResult missingPage =
      page(
          deeper(home, "/missing"), 404, "text/html", utf8("<title>Not found</title>"), 3_000, 120);
  private final FetchResult bHomePage =
      page(
          bHome,
          200,
          "text/html; charset=ISO-8859-1",
          "<title>Café</title><a href=/page>p</a><a href=http://%s/>c</a>"
              .formatted(C)
              .getBytes(StandardCharsets.ISO_8859_1),
          1_500,
          300);
  private final FetchResult bDenied = denied(deeper(bHome, "/private"), 1_600);
  private final FetchFailure slowFailure =
      Pages.failure(deeper(home, "/slow"), ErrorType.TIMEOUT, 4_000);
  private final FetchRequest second = seed("http://" + A + "/second", A, CrawlScope.HOST);
  private final FetchResult secondPage =
      page(
          second,
          200,
          "text/html",
          utf8("<a href=/about>a</a><a href=/>h</a><a href=/slow>s</a><a href=/fresh>f</a>"),
          5_000,
          10);

  @Test
  void turnsPagesIntoDocumentsLinksAndStatisticsAndRemembersLinksAcrossARestart() throws Exception {
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicSetup.ensureTopics(admin, 3, (short) 1, CONTENT_LIMIT);
    }
    produce(List.of(homePage, aboutPage, missingPage, bHomePage, bDenied), List.of(slowFailure));
    ProcessSettings settings =
        ProcessSettings.defaults()
            .with(ProcessSettings.APPLICATION_ID, "trawl-process-it-" + RUN)
            .with(ProcessSettings.THREADS, 2)
            .with(ProcessSettings.STATE_DIR, firstStateDir);

    try (TopicReader<Document> documents = new TopicReader<>(kafka, Topics.DOCUMENTS);
        TopicReader<FetchRequest> urls = new TopicReader<>(kafka, Topics.URLS);
        TopicReader<DomainStats> stats = new TopicReader<>(kafka, Topics.DOMAIN_STATS)) {
      Outputs expected = firstRunOutputs();
      try (ProcessWorker worker =
          new ProcessWorker(settings, kafka, AdminSettings.of("127.0.0.1", 0))) {
        worker.start();
        await().atMost(60, SECONDS).until(() -> worker.state() == KafkaStreams.State.RUNNING);
        assertThat(get(worker, "/health/ready")).isEqualTo(200);
        await()
            .atMost(60, SECONDS)
            .untilAsserted(() -> assertOutputs(documents, urls, stats, expected));
        assertThat(worker.registry().scrape()).contains("kafka_stream_thread_process_total");
        assertThat(worker.close(Duration.ofSeconds(30))).isTrue();
        assertThat(worker.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);
      }
      assertOutputs(documents, urls, stats, expected);

      // A new instance with empty local state restores both stores from their changelogs.
      produce(List.of(secondPage), List.of());
      Outputs afterRestart = expected.plus(secondPage, link(second, "/fresh"));
      try (ProcessWorker restarted =
          new ProcessWorker(
              settings.with(ProcessSettings.STATE_DIR, secondStateDir),
              kafka,
              AdminSettings.of("127.0.0.1", -1))) {
        restarted.start();
        await()
            .atMost(60, SECONDS)
            .untilAsserted(() -> assertOutputs(documents, urls, stats, afterRestart));
        assertThat(restarted.close(Duration.ofSeconds(30))).isTrue();
      }
      assertOutputs(documents, urls, stats, afterRestart);
    }
  }

  /** Documents, links (one per URL) and statistics of the first run, written out by hand. */
  private Outputs firstRunOutputs() {
    List<FetchResult> pages = List.of(homePage, aboutPage, missingPage, bHomePage, bDenied);
    return new Outputs(
        pages.stream()
            .map(page -> KeyValue.pair(page.getRequest().getHost(), parser.parse(page)))
            .toList(),
        List.of(
            link(home, "/about"),
            link(home, "/news"),
            link(bHome, "/page"),
            link(bHome, "http://" + C + "/")),
        Map.of(
            A,
            DomainStats.newBuilder(Pages.emptyStats(A))
                .setPages(3)
                .setBytes(bytes(homePage, aboutPage, missingPage))
                .setStatusClasses(Map.of("2xx", 2L, "4xx", 1L))
                .setOutcomes(Map.of("FETCHED", 3L, "FAILED", 1L))
                .setErrors(Map.of("TIMEOUT", 1L))
                .setLatencySumMs(220)
                .setLatencyMaxMs(120)
                .setLatencyBuckets(Pages.latencyBuckets(Map.of(2, 1L, 3, 1L, 5, 1L)))
                .setFirstSeen(1_000)
                .setLastSeen(4_000)
                .build(),
            B,
            DomainStats.newBuilder(Pages.emptyStats(B))
                .setPages(1)
                .setBytes(bytes(bHomePage))
                .setStatusClasses(Map.of("2xx", 1L))
                .setOutcomes(Map.of("FETCHED", 1L, "DENIED_BY_ROBOTS", 1L))
                .setErrors(Map.of("ROBOTS_DENIED", 1L))
                .setLatencySumMs(300)
                .setLatencyMaxMs(300)
                .setLatencyBuckets(Pages.latencyBuckets(Map.of(7, 1L)))
                .setFirstSeen(1_500)
                .setLastSeen(1_600)
                .build()));
  }

  /** What this run expects in the output topics: whole lists, and the last stats per host. */
  private record Outputs(
      List<KeyValue<String, Document>> documents,
      List<KeyValue<String, FetchRequest>> urls,
      Map<String, DomainStats> stats) {

    /** These outputs and those of one more FETCHED page that sends {@code link}. */
    Outputs plus(FetchResult page, KeyValue<String, FetchRequest> link) {
      String host = page.getRequest().getHost();
      List<KeyValue<String, Document>> moreDocuments = new ArrayList<>(documents);
      moreDocuments.add(KeyValue.pair(host, new PageParser().parse(page)));
      List<KeyValue<String, FetchRequest>> moreUrls = new ArrayList<>(urls);
      moreUrls.add(link);
      Map<String, DomainStats> moreStats = new HashMap<>(stats);
      moreStats.put(
          host,
          DomainStatsAggregator.addTally(host, DomainStatsAggregator.tally(page), stats.get(host)));
      return new Outputs(moreDocuments, moreUrls, moreStats);
    }
  }

  private static void assertOutputs(
      TopicReader<Document> documents,
      TopicReader<FetchRequest> urls,
      TopicReader<DomainStats> stats,
      Outputs expected) {
    assertThat(ofCrawl(documents.readToEnd()))
        .containsExactlyInAnyOrderElementsOf(expected.documents());
    assertThat(unstamped(urls.readToEnd())).containsExactlyInAnyOrderElementsOf(expected.urls());
    assertThat(latest(stats)).isEqualTo(expected.stats());
  }

  private static FetchRequest seed(String url, String host, CrawlScope scope) {
    return FetchRequest.newBuilder(request(url, host))
        .setCrawlId(CRAWL)
        .setMaxDepth(1)
        .setScope(scope)
        .build();
  }

  /** A request one level below {@code parent}, for a path on its host. */
  private static FetchRequest deeper(FetchRequest parent, String path) {
    return FetchRequest.newBuilder(parent)
        .setUrl("http://" + parent.getHost() + path)
        .setDepth(1)
        .build();
  }

  /** The (unstamped) request link discovery sends for {@code target} on {@code parent}'s page. */
  private static KeyValue<String, FetchRequest> link(FetchRequest parent, String target) {
    String url = target.startsWith("/") ? "http://" + parent.getHost() + target : target;
    String host = URI.create(url).getHost();
    return KeyValue.pair(
        host,
        FetchRequest.newBuilder(parent)
            .setUrl(url)
            .setHost(host)
            .setDepth(parent.getDepth() + 1)
            .setEnqueuedAt(0)
            .setReferrer(parent.getUrl())
            .build());
  }

  private static FetchResult denied(FetchRequest request, long fetchedAt) {
    FetchResult result =
        Pages.notFetched(request, FetchOutcome.DENIED_BY_ROBOTS, 0, ErrorType.ROBOTS_DENIED, 0);
    result.setFetchedAt(fetchedAt);
    return result;
  }

  private static FetchResult page(
      FetchRequest request,
      int status,
      String contentType,
      byte[] body,
      long fetchedAt,
      long latencyMs) {
    FetchResult result = Pages.fetched(request, status, contentType, body, latencyMs);
    result.setFetchedAt(fetchedAt);
    return result;
  }

  private void produce(List<FetchResult> results, List<FetchFailure> failures) throws Exception {
    try (KafkaProducer<String, FetchResult> pages =
            new KafkaProducer<>(
                kafka.producer(),
                Topics.PAGES.keySerde().serializer(),
                Topics.PAGES.valueSerde().serializer());
        KafkaProducer<String, FetchFailure> dlq =
            new KafkaProducer<>(
                kafka.producer(),
                Topics.FETCH_DLQ.keySerde().serializer(),
                Topics.FETCH_DLQ.valueSerde().serializer())) {
      for (FetchResult result : results) {
        String host = result.getRequest().getHost();
        pages.send(new ProducerRecord<>(Topics.PAGES.name(), host, result)).get(30, SECONDS);
      }
      for (FetchFailure failure : failures) {
        String host = failure.getRequest().getHost();
        dlq.send(new ProducerRecord<>(Topics.FETCH_DLQ.name(), host, failure)).get(30, SECONDS);
      }
    }
  }

  private static List<KeyValue<String, Document>> ofCrawl(List<KeyValue<String, Document>> all) {
    return all.stream().filter(kv -> kv.value.getCrawlId().equals(CRAWL)).toList();
  }

  /** This crawl's discovered URLs with enqueuedAt (wall-clock time) cleared. */
  private static List<KeyValue<String, FetchRequest>> unstamped(
      List<KeyValue<String, FetchRequest>> all) {
    return all.stream()
        .filter(kv -> kv.value.getCrawlId().equals(CRAWL))
        .peek(kv -> assertThat(kv.value.getEnqueuedAt()).isPositive())
        .map(
            kv -> KeyValue.pair(kv.key, FetchRequest.newBuilder(kv.value).setEnqueuedAt(0).build()))
        .toList();
  }

  /** The last statistics of this run's hosts. */
  private static Map<String, DomainStats> latest(TopicReader<DomainStats> stats) {
    Map<String, DomainStats> latest = new HashMap<>();
    for (KeyValue<String, DomainStats> kv : stats.readToEnd()) {
      if (kv.key.equals(A) || kv.key.equals(B) || kv.key.equals(C)) {
        latest.put(kv.key, kv.value);
      }
    }
    return latest;
  }

  private static long bytes(FetchResult... results) {
    long bytes = 0;
    for (FetchResult result : results) {
      bytes += result.getBody().remaining();
    }
    return bytes;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static int get(ProcessWorker worker, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + worker.adminPort() + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return HttpClient.newHttpClient()
        .send(request, HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }
}
