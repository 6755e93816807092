package dev.trawl.process;

import static dev.trawl.process.Pages.html;
import static dev.trawl.process.Pages.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.process.internal.links.HostSightingsSerde;
import dev.trawl.process.internal.stats.DomainStatsAggregator;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.HostSightings;
import dev.trawl.schemas.Topic;
import dev.trawl.schemas.Topics;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessTopologyTest {

  private static final Instant NOW = Instant.ofEpochMilli(1_700_000_000_000L);

  @TempDir Path stateDir;

  private final PageParser parser = new PageParser();
  private TopologyTestDriver driver;
  private TestInputTopic<String, FetchResult> pages;
  private TestInputTopic<String, FetchFailure> failures;
  private TestOutputTopic<String, Document> documents;
  private TestOutputTopic<String, FetchRequest> urls;
  private TestOutputTopic<String, DomainStats> stats;

  @BeforeEach
  void open() {
    ProcessSettings settings =
        ProcessSettings.defaults()
            .with(ProcessSettings.STATE_DIR, stateDir)
            .with(ProcessSettings.THREADS, 1);
    Properties config = ProcessTopology.streamsConfig(settings, KafkaSettings.of("127.0.0.1:9"));
    driver =
        new TopologyTestDriver(
            ProcessTopology.buildTopology(new StreamsBuilder(), settings), config, NOW);
    pages = input(Topics.PAGES);
    failures = input(Topics.FETCH_DLQ);
    documents = output(Topics.DOCUMENTS);
    urls = output(Topics.URLS);
    stats = output(Topics.DOMAIN_STATS);
  }

  @AfterEach
  void close() {
    driver.close();
  }

  @Test
  void publishesOneDocumentPerPageOutcome() {
    FetchRequest a = request("http://a.test/", "a.test");
    FetchRequest b = request("http://a.test/missing", "a.test");
    FetchRequest c = request("http://c.test/", "c.test");
    FetchResult page = html(a, "<title>A</title><p>two words</p>");
    FetchResult notFound = Pages.fetched(b, 404, "text/html", "<title>Gone</title>".getBytes(), 9);
    FetchResult denied =
        Pages.notFetched(c, FetchOutcome.DENIED_BY_ROBOTS, 0, ErrorType.ROBOTS_DENIED, 0);

    pipe(page, notFound, denied);

    assertThat(documents.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair("a.test", parser.parse(page)),
            KeyValue.pair("a.test", parser.parse(notFound)),
            KeyValue.pair("c.test", parser.parse(denied)));
    assertThat(parser.parse(page).getTitle()).isEqualTo("A");
    assertThat(parser.parse(denied).getParsed()).isFalse();
  }

  @Test
  void followsLinksInTheHostScopeBelowTheMaximumDepth() {
    FetchRequest seed = request(request("http://a.test/", "a.test"), 0, 2, CrawlScope.HOST);
    FetchResult page =
        html(
            seed,
            "<a href=/one>1</a><a href='two?b=1&a=2#x'>2</a><a href=http://b.test/>b</a>"
                + "<a href=http://sub.a.test/>sub</a><a href=/one#again>1</a>");

    pipe(page);

    assertThat(urls.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair("a.test", link(seed, "http://a.test/one", "a.test")),
            KeyValue.pair("a.test", link(seed, "http://a.test/two?a=2&b=1", "a.test")));
    assertThat(urls.isEmpty()).isTrue();
  }

  @Test
  void followsNoLinksFromAPageAtTheMaximumDepth() {
    FetchRequest deepest = request(request("http://a.test/deep", "a.test"), 2, 2, CrawlScope.ANY);

    pipe(html(deepest, "<a href=/more>more</a><a href=http://b.test/>b</a>"));

    assertThat(urls.isEmpty()).isTrue();
    assertThat(documents.getQueueSize()).isEqualTo(1);
  }

  @Test
  void followsLinksWithinTheRegisteredDomainInTheDomainScope() {
    FetchRequest seed =
        request(
            request("https://www.example.co.uk/", "www.example.co.uk"), 0, 1, CrawlScope.DOMAIN);
    FetchResult page =
        html(
            seed,
            "<a href=https://blog.example.co.uk/>blog</a><a href=http://example.co.uk/x>x</a>"
                + "<a href=https://other.co.uk/>other</a><a href=https://example.com/>com</a>");

    pipe(page);

    assertThat(urls.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair(
                "blog.example.co.uk",
                link(seed, "https://blog.example.co.uk/", "blog.example.co.uk")),
            KeyValue.pair("example.co.uk", link(seed, "http://example.co.uk/x", "example.co.uk")));
  }

  @Test
  void followsLinksToAnyHostInTheAnyScope() {
    FetchRequest seed = request(request("http://a.test/", "a.test"), 0, 1, CrawlScope.ANY);

    pipe(html(seed, "<a href=http://b.test/>b</a><a href=https://127.0.0.1:8443/x>ip</a>"));

    assertThat(urls.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair("b.test", link(seed, "http://b.test/", "b.test")),
            KeyValue.pair("127.0.0.1", link(seed, "https://127.0.0.1:8443/x", "127.0.0.1")));
  }

  @Test
  void sendsEachLinkOncePerCrawl() {
    FetchRequest one = request(request("http://a.test/1", "a.test"), 0, 1, CrawlScope.HOST);
    FetchRequest two = request(request("http://a.test/2", "a.test"), 0, 1, CrawlScope.HOST);
    FetchRequest otherCrawl = FetchRequest.newBuilder(one).setCrawlId("crawl-2").build();

    pipe(
        html(one, "<a href=/shared>s</a>"),
        html(two, "<a href=/shared#x>s</a><a href=/own>o</a>"),
        html(otherCrawl, "<a href=/shared>s</a>"));

    assertThat(urls.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair("a.test", link(one, "http://a.test/shared", "a.test")),
            KeyValue.pair("a.test", link(two, "http://a.test/own", "a.test")),
            KeyValue.pair("a.test", link(otherCrawl, "http://a.test/shared", "a.test")));
  }

  @Test
  void neverSendsAUrlThatAlreadyHasAnOutcome() {
    FetchRequest seed = request(request("http://a.test/", "a.test"), 0, 3, CrawlScope.HOST);
    FetchRequest redirected =
        request(request("http://a.test/old", "a.test"), 0, 3, CrawlScope.HOST);
    FetchRequest failed = request(request("http://a.test/down", "a.test"), 0, 3, CrawlScope.HOST);
    FetchResult moved = html(redirected, "moved");
    moved.setFinalUrl("http://a.test/new");
    pipe(html(seed, "no links"), moved);
    failures.pipeInput("a.test", Pages.failure(failed, ErrorType.TIMEOUT, 5_000));
    FetchRequest later = request(request("http://a.test/later", "a.test"), 1, 3, CrawlScope.HOST);

    pipe(
        html(
            later,
            "<a href=/>seed</a><a href=/old>old</a><a href=/new>new</a><a href=/down>down</a>"
                + "<a href=/later>itself</a><a href=/fresh>fresh</a>"));

    assertThat(urls.readKeyValuesToList())
        .containsExactly(KeyValue.pair("a.test", link(later, "http://a.test/fresh", "a.test")));
  }

  @Test
  void movesEachPagesUrlsToTheirHostInOneRecordPerHost() {
    FetchRequest seed = request(request("http://a.test/", "a.test"), 0, 1, CrawlScope.ANY);
    TestOutputTopic<String, HostSightings> byHost =
        driver.createOutputTopic(
            ProcessTopology.sightingsByHostTopic(ProcessSettings.APPLICATION_ID.defaultValue()),
            Serdes.String().deserializer(),
            new HostSightingsSerde());

    FetchResult page =
        html(
            seed,
            "<a href=/1>1</a><a href=http://b.test/>b</a><a href=/2>2</a><a href=/1#x>1</a>"
                + "<a href=http://b.test/3>3</a>");
    FetchFailure failure = Pages.failure(request("http://c.test/", "c.test"), ErrorType.DNS, 1);

    pipe(page);
    failures.pipeInput("c.test", failure);

    assertThat(byHost.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair(
                "a.test",
                new HostSightings(
                    Pages.CRAWL,
                    List.of("http://a.test/"),
                    List.of("http://a.test/1", "http://a.test/2"),
                    1,
                    1,
                    CrawlScope.ANY,
                    "http://a.test/",
                    List.of(),
                    DomainStatsAggregator.tally(page))),
            KeyValue.pair(
                "b.test",
                new HostSightings(
                    Pages.CRAWL,
                    List.of(),
                    List.of("http://b.test/", "http://b.test/3"),
                    1,
                    1,
                    CrawlScope.ANY,
                    "http://a.test/",
                    List.of(),
                    null)),
            KeyValue.pair(
                "c.test",
                new HostSightings(
                    Pages.CRAWL,
                    List.of("http://c.test/"),
                    List.of(),
                    1,
                    1,
                    CrawlScope.HOST,
                    null,
                    List.of(),
                    DomainStatsAggregator.tally(failure))));
    assertThat(urls.readKeyValuesToList())
        .extracting(kv -> kv.value.getUrl())
        .containsExactly("http://a.test/1", "http://a.test/2", "http://b.test/", "http://b.test/3");
  }

  @Test
  void keepsAllTimeStatisticsPerHostIncludingFailures() {
    FetchRequest a = request("http://a.test/", "a.test");
    FetchRequest b = request("http://b.test/", "b.test");
    FetchResult ok = Pages.fetched(a, 200, "text/html", new byte[300], 40);
    FetchResult gone =
        Pages.fetched(request("http://a.test/gone", "a.test"), 404, "text/html", new byte[20], 120);
    FetchResult denied =
        Pages.notFetched(b, FetchOutcome.DENIED_BY_ROBOTS, 0, ErrorType.ROBOTS_DENIED, 0);

    pipe(ok, gone, denied);
    failures.pipeInput(
        "a.test", Pages.failure(request("http://a.test/down", "a.test"), ErrorType.CONNECT, 9_000));

    assertThat(stats.readKeyValuesToMap())
        .isEqualTo(
            Map.of(
                "a.test",
                DomainStats.newBuilder(Pages.emptyStats("a.test"))
                    .setPages(2)
                    .setBytes(320)
                    .setStatusClasses(Map.of("2xx", 1L, "4xx", 1L))
                    .setOutcomes(Map.of("FETCHED", 2L, "FAILED", 1L))
                    .setErrors(Map.of("CONNECT", 1L))
                    .setLatencySumMs(160)
                    .setLatencyMaxMs(120)
                    .setLatencyBuckets(Pages.latencyBuckets(Map.of(2, 1L, 5, 1L)))
                    .setFirstSeen(Pages.FETCHED_AT)
                    .setLastSeen(9_000)
                    .build(),
                "b.test",
                DomainStats.newBuilder(Pages.emptyStats("b.test"))
                    .setOutcomes(Map.of("DENIED_BY_ROBOTS", 1L))
                    .setErrors(Map.of("ROBOTS_DENIED", 1L))
                    .setFirstSeen(Pages.FETCHED_AT)
                    .setLastSeen(Pages.FETCHED_AT)
                    .build()));
  }

  @Test
  void namesEveryProcessorStoreAndInternalTopic() {
    String description =
        ProcessTopology.buildTopology(new StreamsBuilder(), ProcessSettings.defaults())
            .describe()
            .toString();

    assertThat(description)
        .doesNotContain("KSTREAM-", "KTABLE-", "COGROUPKSTREAM-")
        .contains("url-sightings-by-host-repartition", "seen-urls", "domain-stats")
        .contains(
            "trawl.seeds-source",
            "seed-sightings",
            "seen-urls-crawl-activity",
            "mark-duplicate-outcomes",
            "counted-outcomes",
            "counted-outcomes-crawl-activity");
    assertThat(description.split("-repartition]\\)")).as("one repartition topic").hasSize(2);
  }

  @Test
  void keepsStatisticsPerHostAndTumblingWindowKeyedByHostAndWindowStart() {
    FetchRequest a = request("http://a.test/", "a.test");
    FetchResult first = Pages.fetched(a, 200, "text/html", new byte[300], 40);
    FetchResult second =
        Pages.fetched(request("http://a.test/2", "a.test"), 500, "text/html", new byte[20], 120);
    FetchResult nextMinute =
        Pages.fetched(request("http://a.test/3", "a.test"), 200, "text/html", new byte[10], 10);
    TestOutputTopic<String, DomainStats> windowed = output(Topics.DOMAIN_STATS_WINDOWED);
    long start = NOW.toEpochMilli() - NOW.toEpochMilli() % 60_000;

    pages.pipeInput(Topics.pageKey(first), first, start + 1_000);
    pages.pipeInput(Topics.pageKey(second), second, start + 59_999);
    pages.pipeInput(Topics.pageKey(nextMinute), nextMinute, start + 60_000);

    DomainStats one =
        DomainStatsAggregator.addTally(
            "a.test", DomainStatsAggregator.tally(first), DomainStatsAggregator.empty());
    DomainStats two =
        DomainStatsAggregator.addTally("a.test", DomainStatsAggregator.tally(second), one);
    DomainStats three =
        DomainStatsAggregator.addTally(
            "a.test", DomainStatsAggregator.tally(nextMinute), DomainStatsAggregator.empty());
    assertThat(windowed.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair("a.test@" + start, window(one, start, start + 60_000)),
            KeyValue.pair("a.test@" + start, window(two, start, start + 60_000)),
            KeyValue.pair(
                "a.test@" + (start + 60_000), window(three, start + 60_000, start + 120_000)));
  }

  private static DomainStats window(DomainStats stats, long start, long end) {
    return DomainStats.newBuilder(stats).setWindowStart(start).setWindowEnd(end).build();
  }

  /** Sends page outcomes keyed by their requested URL, as the fetch workers do. */
  private void pipe(FetchResult... results) {
    for (FetchResult result : results) {
      pages.pipeInput(Topics.pageKey(result), result);
    }
  }

  /** The request the topology sends for a link found on {@code parent}'s page. */
  private static FetchRequest link(FetchRequest parent, String url, String host) {
    return FetchRequest.newBuilder()
        .setUrl(url)
        .setHost(host)
        .setCrawlId(parent.getCrawlId())
        .setDepth(parent.getDepth() + 1)
        .setMaxDepth(parent.getMaxDepth())
        .setScope(parent.getScope())
        .setAttempt(0)
        .setEnqueuedAt(NOW.toEpochMilli())
        .setNotBefore(null)
        .setReferrer(parent.getUrl())
        .setMetadata(Map.of())
        .build();
  }

  private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
    return driver.createInputTopic(
        topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
    return driver.createOutputTopic(
        topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }
}
