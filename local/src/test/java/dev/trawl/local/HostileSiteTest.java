package dev.trawl.local;

import static dev.trawl.local.HostileCase.Expected.blocked;
import static dev.trawl.local.HostileCase.Expected.cappedPage;
import static dev.trawl.local.HostileCase.Expected.deniedByRobots;
import static dev.trawl.local.HostileCase.Expected.failed;
import static dev.trawl.local.HostileCase.Expected.fetched;
import static dev.trawl.local.HostileCase.Expected.truncatedPage;
import static dev.trawl.local.HostileCase.Expected.unreadPage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.fetch.EgressSettings;
import dev.trawl.fetch.FetchPolicy;
import dev.trawl.fetch.FetchSettings;
import dev.trawl.process.ProcessSettings;
import dev.trawl.producer.CrawlSpec;
import dev.trawl.producer.ProduceSummary;
import dev.trawl.producer.PublishSettings;
import dev.trawl.producer.UrlProducer;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.ErrorType;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fleet (a real fetch worker and process worker on an in-process broker) against a web site
 * that misbehaves in every way the table below lists, one crawl per case. For each case: the URL's
 * final outcome is the expected one and has exactly one record, both workers are still up, a normal
 * URL crawled after it is still fetched and documented, and the heap after a full GC stays within a
 * bound. The fetch worker may connect to loopback only ({@code --allow-cidr 127.0.0.0/8,::1/128})
 * and resolves names with {@link HostileNames}: private and metadata addresses are refused by the
 * address guard before any connection, and no name is ever looked up in DNS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileSiteTest {

  private static final int MAX_ATTEMPTS = 2;

  /**
   * Heap in use after a full GC may grow at most this much over the fleet's own, after any case:
   * less than one decoded bomb (64 MiB) over the ~40 MiB the fleet's caches take in a whole run.
   */
  private static final long HEAP_GROWTH_BOUND = 96L * 1024 * 1024;

  /** Every case, in the order they run. */
  static List<HostileCase> cases() {
    List<HostileCase> all = new ArrayList<>();
    all.addAll(timeAndFraming());
    all.addAll(redirectsNamesAndTls());
    all.addAll(contentAndSize());
    all.addAll(statusHeadersAndRobots());
    return all;
  }

  /** Slow, cut and endless responses, and decompression bombs. */
  private static List<HostileCase> timeAndFraming() {
    return List.of(
        // Time
        hostile("never answers", s -> s.url("/silent"), failed(ErrorType.TIMEOUT)),
        hostile("1 byte a second", s -> s.url("/trickle"), failed(ErrorType.TIMEOUT)),
        // Connections and framing
        hostile("reset mid-body", s -> s.url("/reset"), failed(ErrorType.PROTOCOL)),
        hostile("endless body", s -> s.url("/endless"), truncatedPage()),
        hostile("broken chunking", s -> s.url("/broken-chunking"), failed(ErrorType.PROTOCOL)),
        hostile("chunk cut short", s -> s.url("/chunk-cut"), failed(ErrorType.PROTOCOL)),
        // Decompression bombs: 64 MiB of zeros each
        hostile("gzip bomb", s -> s.url("/gzip-bomb"), truncatedPage()),
        hostile("deflate bomb", s -> s.url("/deflate-bomb"), truncatedPage()),
        hostile("brotli bomb", s -> s.url("/brotli-bomb"), truncatedPage()));
  }

  /** Redirects, addresses the guard refuses, names that do not resolve, and TLS. */
  private static List<HostileCase> redirectsNamesAndTls() {
    return List.of(
        // Redirects
        hostile(
            "redirect loop", s -> s.url("/redirect-loop"), failed(ErrorType.TOO_MANY_REDIRECTS)),
        hostile(
            "chain of 30 redirects", s -> s.url("/chain/30"), failed(ErrorType.TOO_MANY_REDIRECTS)),
        hostile("chain of 5 redirects", s -> s.url("/chain/5"), fetched()),
        hostile("redirect to 169.254.169.254", s -> s.url("/to-metadata"), blocked()),
        hostile("redirect to 10.0.0.1", s -> s.url("/to-private"), blocked()),
        hostile(
            "redirect to a name of 169.254.169.254", s -> s.url("/to-metadata-name"), blocked()),
        hostile(
            "redirect to an unresolvable name",
            s -> s.url("/to-unresolvable"),
            failed(ErrorType.DNS)),
        // Addresses and names
        hostile("metadata address", s -> "http://169.254.169.254/latest/meta-data/", blocked()),
        hostile("private address", s -> "http://10.20.30.40:" + s.port() + "/", blocked()),
        hostile("name of a private address", s -> s.url(HostileNames.INTRANET, "/"), blocked()),
        hostile(
            "unresolvable name", s -> s.url(HostileNames.NOWHERE, "/page"), failed(ErrorType.DNS)),
        // TLS
        hostile("self-signed certificate", s -> s.selfSignedUrl("/page"), failed(ErrorType.TLS)),
        hostile("plain text on https", s -> s.plainTextTlsUrl("/page"), failed(ErrorType.TLS)));
  }

  /** Lying or missing content types and charsets, and pages of hostile size or shape. */
  private static List<HostileCase> contentAndSize() {
    return List.of(
        // Content types and charsets
        hostile("no Content-Type", s -> s.url("/no-content-type"), fetched()),
        hostile(
            // A refused type's body is not read: a Document without bytes, not cut.
            "HTML as image/png", s -> s.url("/wrong-content-type"), unreadPage()),
        hostile("binary as text/html", s -> s.url("/binary-as-html"), fetched()),
        hostile("unknown charset", s -> s.url("/unknown-charset"), fetched()),
        hostile("malformed charset parameter", s -> s.url("/invalid-charset-name"), fetched()),
        hostile("unknown meta charset", s -> s.url("/bad-meta-charset"), fetched()),
        hostile("invalid UTF-8", s -> s.url("/invalid-utf8"), fetched()),
        // Size and shape
        hostile("10 MB single line", s -> s.url("/long-line"), truncatedPage()),
        hostile("100,000 nested elements", s -> s.url("/deep-nesting"), fetched()),
        hostile("1 MiB title", s -> s.url("/huge-title"), cappedPage("title")),
        hostile(
            "100,000 links",
            s -> s.url("/many-links"),
            HostileCase.Expected.truncatedAndCapped("outlinks")),
        hostile(
            "links against a long base beyond Kafka's record limit",
            s -> s.url(HostilePages.longBasePath()),
            cappedPage("outlinks")));
  }

  /** Rate limits, outages, hostile headers and hostile robots.txt files. */
  private static List<HostileCase> statusHeadersAndRobots() {
    return List.of(
        // Rate limits and outages
        hostile("429 with Retry-After, then 200", s -> s.url("/429-retry-after"), fetched()),
        hostile("429 without Retry-After", s -> s.url("/429"), failed(ErrorType.HTTP_STATUS, 429)),
        hostile("503 storm", s -> s.url("/503-storm"), failed(ErrorType.HTTP_STATUS, 503)),
        hostile("503, then 200", s -> s.url("/503-then-ok"), fetched()),
        // Headers
        hostile("duplicate headers", s -> s.url("/duplicate-headers"), fetched()),
        hostile(
            "two equal Content-Lengths",
            s -> s.url("/two-content-lengths"),
            failed(ErrorType.PROTOCOL)),
        hostile(
            "headers that never end", s -> s.url("/endless-headers"), failed(ErrorType.PROTOCOL)),
        hostile("1 MiB header", s -> s.url("/huge-header"), failed(ErrorType.PROTOCOL)),
        hostile("100,000 headers", s -> s.url("/many-headers"), failed(ErrorType.PROTOCOL)),
        // robots.txt
        hostile("8 MiB robots.txt", s -> s.url(HostileNames.ROBOTS_HUGE, "/page"), fetched()),
        hostile(
            "robots.txt 503",
            s -> s.url(HostileNames.ROBOTS_FAILING, "/page"),
            failed(ErrorType.HTTP_STATUS, 503)),
        hostile(
            "robots.txt redirect to deny-all",
            s -> s.url(HostileNames.ROBOTS_REDIRECT, "/page"),
            deniedByRobots()),
        hostile(
            "robots.txt redirect loop", s -> s.url(HostileNames.ROBOTS_LOOP, "/page"), fetched()),
        hostile(
            "robots.txt never answers",
            s -> s.url(HostileNames.ROBOTS_SILENT, "/page"),
            failed(ErrorType.TIMEOUT)));
  }

  private static HostileCase hostile(
      String name, Function<HostileSite, String> url, HostileCase.Expected expected) {
    return new HostileCase(name, url, expected);
  }

  private TestKafka.Broker broker;
  private HostileSite site;
  private LocalFleet fleet;
  private UrlProducer producer;
  private OutcomeRecords records;
  private long baselineHeap;
  private int crawls;

  @BeforeAll
  void startFleetAndSite(@TempDir Path tlsDir) throws Exception {
    broker = TestKafka.freshEmbedded();
    site = new HostileSite(tlsDir);
    FetchSettings fetch =
        FetchSettings.defaults()
            .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(1))
            .with(FetchSettings.TIMEOUT, Duration.ofSeconds(2))
            .with(FetchSettings.COMMIT_INTERVAL, Duration.ofMillis(200))
            .with(FetchPolicy.ROBOTS_TIMEOUT, Duration.ofSeconds(1))
            .with(FetchPolicy.MAX_ATTEMPTS, MAX_ATTEMPTS)
            .with(FetchPolicy.RETRY_BASE_DELAY, Duration.ofMillis(50))
            .with(FetchPolicy.RETRY_MAX_DELAY, Duration.ofMillis(500))
            .with(EgressSettings.ALLOW_CIDR, List.of("127.0.0.0/8", "::1/128"));
    fleet =
        LocalFleet.start(
            new LocalFleet.Options(
                broker.bootstrapServers(),
                2,
                fetch,
                fetch.egress().addressCheck(),
                HostileNames.RESOLVER,
                ProcessSettings.defaults()
                    .with(ProcessSettings.THREADS, 1)
                    .with(ProcessSettings.COMMIT_INTERVAL, Duration.ofMillis(100))));
    producer = new UrlProducer(fleet.kafka(), PublishSettings.defaults());
    records = new OutcomeRecords(fleet.kafka());
    assertNormalUrlProcessed("before any case");
    baselineHeap = heapAfterGc();
  }

  @AfterAll
  void stop() throws Exception {
    List<AutoCloseable> all = new ArrayList<>();
    if (records != null) {
      all.add(records);
    }
    if (producer != null) {
      all.add(producer);
    }
    if (fleet != null) {
      all.add(fleet);
    }
    if (site != null) {
      all.add(site);
    }
    if (broker != null) {
      all.add(broker);
    }
    for (AutoCloseable closeable : all) {
      closeable.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void endsAsExpectedAndTheFleetGoesOn(HostileCase hostile) throws Exception {
    String url = hostile.url().apply(site);

    OutcomeRecords.Final record = crawl(url);

    HostileCase.Expected actual =
        record.document() != null
            ? HostileCase.Expected.of(record.document(), hostile.expected())
            : HostileCase.Expected.of(record.failure());
    assertThat(actual).as("%s: %s", hostile.name(), describe(record)).isEqualTo(hostile.expected());
    assertThat(fleet.watched().dead()).as("workers after %s", hostile.name()).isEmpty();
    assertNormalUrlProcessed("after " + hostile.name());
    assertThat(records.await(url, Duration.ZERO, fleet.watched()).records())
        .as("records of %s", url)
        .isEqualTo(1);
    long growth = heapAfterGc() - baselineHeap;
    assertThat(growth).as("heap growth after %s", hostile.name()).isLessThan(HEAP_GROWTH_BOUND);
  }

  private void assertNormalUrlProcessed(String when) {
    OutcomeRecords.Final record = crawl(site.url(HostileNames.SITE, "/ok/" + (crawls + 1)));
    assertThat(record.document()).as("normal URL %s: %s", when, record.failure()).isNotNull();
    assertThat(HostileCase.Expected.of(record.document(), fetched())).isEqualTo(fetched());
    assertThat(record.document().getTitle()).isEqualTo("ok");
  }

  /** Publishes {@code url} alone as a crawl of its own and waits for its final outcome record. */
  private OutcomeRecords.Final crawl(String url) {
    crawls++;
    ProduceSummary summary =
        producer.publish(
            List.of(url), new CrawlSpec("hostile-" + crawls, 0, CrawlScope.ANY, Map.of()));
    assertThat(summary.published()).as("published %s: %s", url, summary.failure()).isEqualTo(1L);
    return records.await(url, Duration.ofSeconds(60), fleet.watched());
  }

  private static String describe(OutcomeRecords.Final record) {
    if (record.failure() != null) {
      return "failure " + record.failure().getError();
    }
    return "document title="
        + abbreviate(record.document().getTitle())
        + " bodyBytes="
        + record.document().getBodyBytes()
        + " outlinks="
        + record.document().getOutlinkCount();
  }

  private static String abbreviate(String text) {
    return text == null || text.length() < 80 ? text : text.substring(0, 80) + "...";
  }

  private static long heapAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }
}
