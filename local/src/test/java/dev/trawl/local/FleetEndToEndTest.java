package dev.trawl.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.trawl.embedded.DemoSite;
import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.fetch.AddressCheck;
import dev.trawl.fetch.FetchPolicy;
import dev.trawl.fetch.FetchSettings;
import dev.trawl.process.ProcessSettings;
import dev.trawl.producer.CrawlSpec;
import dev.trawl.producer.ProduceListener;
import dev.trawl.producer.UrlSource;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FinalOutcome;
import dev.trawl.schemas.Topics;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole fleet on a real broker and a real HTTP site: 2,000 page URLs and 20 URLs of a closed
 * port go in; every URL comes out as exactly one Document or FetchFailure: a Document with the
 * status the site served, or (for the ~2% of pages the site answers 500, after three attempts, and
 * the closed port) a FetchFailure; the per-host statistics count exactly the pages and failures of
 * each host.
 */
class FleetEndToEndTest {

  enum Broker {
    EMBEDDED,
    TESTCONTAINERS;

    TestKafka.Broker start() {
      if (this == TESTCONTAINERS) {
        assumeTrue(TestKafka.dockerAvailable(), "no Docker here: runs where Docker is available");
        return TestKafka.freshContainer();
      }
      return TestKafka.freshEmbedded();
    }
  }

  @ParameterizedTest
  @EnumSource(Broker.class)
  void everyUrlEndsInExactlyOneOutcomeAndStatisticsCountEveryPage(Broker kind) throws Exception {
    DemoSite.Options siteOptions =
        DemoSite.Options.defaults()
            .withHosts(4)
            .withPagesPerHost(600)
            .withLatency(Duration.ofMillis(20));
    try (TestKafka.Broker broker = kind.start();
        DemoSite site = DemoSite.start(siteOptions);
        LocalFleet fleet = LocalFleet.start(fleetOn(broker.bootstrapServers()))) {
      List<String> pages = site.pageUrls(2_000);
      List<String> unreachable = closedPortUrls(20);
      List<String> urls = new ArrayList<>(pages);
      urls.addAll(unreachable);

      CrawlRun.Result result =
          CrawlRun.execute(
              fleet,
              UrlSource.of(urls),
              CrawlSpec.of("e2e"),
              ProduceListener.NONE,
              outcome -> {},
              new ProgressPrinter(new PrintStream(OutputStream.nullOutputStream()), false, () -> 0),
              new CrawlRun.Limits(Duration.ofMinutes(5), Duration.ofMinutes(1)));

      assertThat(result.published().published()).isEqualTo(2_020);
      assertThat(result.outcomes()).isEqualTo(2_020);
      OutputTopics out = OutputTopics.readAll(fleet.kafka());

      Map<String, Long> recordsPerUrl = new HashMap<>();
      out.documents.forEach(d -> recordsPerUrl.merge(d.getUrl(), 1L, Long::sum));
      out.failures.forEach(f -> recordsPerUrl.merge(f.getRequest().getUrl(), 1L, Long::sum));
      assertThat(recordsPerUrl)
          .isEqualTo(urls.stream().collect(Collectors.toMap(Function.identity(), u -> 1L)));

      // Pages the site answers 500 (deterministically, ~2%) end in the DLQ after the retries.
      Map<Boolean, List<String>> byServerError =
          pages.stream().collect(Collectors.partitioningBy(u -> site.expectedStatus(u) >= 500));
      List<String> served = byServerError.get(false);
      List<String> serverErrors = byServerError.get(true);
      assertThat(serverErrors).isNotEmpty();
      Map<String, Integer> servedStatus =
          out.documents.stream().collect(Collectors.toMap(Document::getUrl, Document::getStatus));
      assertThat(servedStatus)
          .isEqualTo(served.stream().collect(Collectors.toMap(u -> u, site::expectedStatus)));
      Map<String, String> failures =
          out.failures.stream()
              .collect(
                  Collectors.toMap(
                      f -> f.getRequest().getUrl(),
                      f ->
                          f.getError().getType()
                              + " "
                              + f.getStatus()
                              + " x"
                              + f.getAttempts()
                              + " "
                              + f.getError().getMessage()));
      Map<String, String> expectedFailures = new HashMap<>();
      serverErrors.forEach(
          u -> expectedFailures.put(u, "HTTP_STATUS 500 x3 HTTP 500 after 3 attempts"));
      unreachable.forEach(u -> expectedFailures.put(u, failures.get(u)));
      assertThat(failures).isEqualTo(expectedFailures);
      assertThat(unreachable)
          .allSatisfy(u -> assertThat(failures.get(u)).startsWith("CONNECT 0 x3 "));

      assertStatisticsCountEveryOutcome(out, site, serverErrors);
    }
  }

  /** DomainStats per host: its pages, its failures (5xx after retries, closed port), its 5xx. */
  private static void assertStatisticsCountEveryOutcome(
      OutputTopics out, DemoSite site, List<String> serverErrors) {
    Map<String, Long> pagesPerHost =
        out.documents.stream()
            .collect(Collectors.groupingBy(Document::getHost, Collectors.counting()));
    assertThat(pagesPerHost).containsOnlyKeys(site.hosts());
    Map<String, Long> statsPages = new HashMap<>();
    Map<String, Long> statsFailed = new HashMap<>();
    Map<String, Long> stats5xx = new HashMap<>();
    out.latestStats.forEach(
        (host, stats) -> {
          statsPages.put(host, stats.getPages());
          statsFailed.put(host, stats.getOutcomes().getOrDefault(FinalOutcome.FAILED.name(), 0L));
          stats5xx.put(host, stats.getStatusClasses().getOrDefault("5xx", 0L));
        });
    Map<String, Long> expectedPages = new HashMap<>(pagesPerHost);
    expectedPages.put(UNREACHABLE_HOST, 0L);
    assertThat(statsPages).isEqualTo(expectedPages);
    Map<String, Long> serverErrorsPerHost = new HashMap<>();
    site.hosts().forEach(h -> serverErrorsPerHost.put(h, 0L));
    serverErrors.forEach(u -> serverErrorsPerHost.merge(hostOf(u), 1L, Long::sum));
    Map<String, Long> expectedFailed = new HashMap<>(serverErrorsPerHost);
    expectedFailed.put(UNREACHABLE_HOST, 20L);
    assertThat(statsFailed).isEqualTo(expectedFailed);
    Map<String, Long> expected5xx = new HashMap<>(serverErrorsPerHost);
    expected5xx.put(UNREACHABLE_HOST, 0L);
    assertThat(stats5xx).isEqualTo(expected5xx);
    Map<String, Long> pagesAndFailuresPerHost = new HashMap<>(pagesPerHost);
    serverErrorsPerHost.forEach((h, n) -> pagesAndFailuresPerHost.merge(h, n, Long::sum));
    assertThat(pagesAndFailuresPerHost.values()).containsOnly(500L);
  }

  private static String hostOf(String url) {
    return java.net.URI.create(url).getHost();
  }

  /** A loopback address no demo site host uses, so its failures have a host of their own. */
  static final String UNREACHABLE_HOST = "127.0.0.200";

  private static List<String> closedPortUrls(int count) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(UNREACHABLE_HOST))) {
      port = socket.getLocalPort();
    }
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      urls.add("http://" + UNREACHABLE_HOST + ":" + port + "/closed/" + i);
    }
    return urls;
  }

  private static LocalFleet.Options fleetOn(String bootstrapServers) {
    return new LocalFleet.Options(
        bootstrapServers,
        4,
        FetchSettings.defaults()
            .with(FetchSettings.MAX_IN_FLIGHT, 128)
            .with(FetchSettings.HOST_MAX_IN_FLIGHT, 16)
            .with(FetchSettings.COMMIT_INTERVAL, Duration.ofMillis(200))
            .with(FetchPolicy.MAX_ATTEMPTS, 3)
            .with(FetchPolicy.RETRY_BASE_DELAY, Duration.ofMillis(20))
            .with(FetchPolicy.RETRY_MAX_DELAY, Duration.ofMillis(200)),
        AddressCheck.ALLOW_ALL,
        ProcessSettings.defaults().with(ProcessSettings.THREADS, 2));
  }

  /** Everything in the output topics, read to their end offsets. */
  record OutputTopics(
      List<Document> documents, List<FetchFailure> failures, Map<String, DomainStats> latestStats) {

    static OutputTopics readAll(KafkaSettings kafka) {
      List<Document> documents = new ArrayList<>();
      List<FetchFailure> failures = new ArrayList<>();
      Map<String, DomainStats> stats = new HashMap<>();
      TopicReader.readToEnd(kafka, Topics.DOCUMENTS, (k, v) -> documents.add(v));
      TopicReader.readToEnd(kafka, Topics.FETCH_DLQ, (k, v) -> failures.add(v));
      TopicReader.readToEnd(kafka, Topics.DOMAIN_STATS, stats::put);
      return new OutputTopics(documents, failures, stats);
    }
  }
}
