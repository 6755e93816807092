package dev.trawl.producer;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.runtime.config.Config;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchRequest;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class ProduceCommandTest {

  private static final Clock CLOCK = Clock.fixed(MixedInput.NOW, ZoneOffset.UTC);

  /** Timing varies from run to run; it is masked as {@code in T s (R URLs/s)}. */
  private static final String TIMING = "in \\d+\\.\\d\\d s \\(\\d+ URLs/s\\)";

  @TempDir Path dir;

  private final StringWriter err = new StringWriter();

  @Test
  void reportsEachRejectedLineAndExitsOneWhenLinesAreRejected() throws Exception {
    String topic = TestTopics.create(3);
    Path file = Files.writeString(dir.resolve("urls.txt"), MixedInput.TEXT);

    int exit =
        run(
            "--urls",
            file.toString(),
            "--crawl-id",
            "crawl-cmd",
            "--depth",
            "1",
            "--scope",
            "ANY",
            "--metadata",
            "team=search",
            "--metadata",
            "run=7",
            "--topic",
            topic);

    assertThat(exit).isEqualTo(1);
    assertThat(errLines())
        .containsExactlyElementsOf(
            mixedInputReport(
                file,
                topic,
                "crawl crawl-cmd declared in trawl.crawls: depth 1, scope ANY, no rules."));
    CrawlSpec crawl =
        new CrawlSpec("crawl-cmd", 1, CrawlScope.ANY, Map.of("team", "search", "run", "7"));
    assertThat(records(topic))
        .containsExactlyInAnyOrderElementsOf(MixedInput.expectedRecords(crawl));
  }

  @Test
  void exitsZeroWithTheSameReportWhenSkippingInvalidLines() throws Exception {
    String topic = TestTopics.create(3);
    Path file = Files.writeString(dir.resolve("urls.txt"), MixedInput.TEXT);

    int exit =
        run(
            "--urls",
            file.toString(),
            "--crawl-id",
            "crawl-cmd",
            "--skip-invalid",
            "--topic",
            topic);

    assertThat(exit).isZero();
    assertThat(errLines())
        .containsExactlyElementsOf(mixedInputReport(file, topic, added("crawl-cmd")));
    assertThat(records(topic))
        .containsExactlyInAnyOrderElementsOf(MixedInput.expectedRecords(CrawlSpec.of("crawl-cmd")));
  }

  @Test
  void readsGzipFilesByTheirMagicBytesWhateverTheirName() throws Exception {
    String topic = TestTopics.create(3);
    Path file = Files.write(dir.resolve("urls.txt"), SitemapSourceTest.gzip(MixedInput.TEXT));

    int exit = run("--urls", file.toString(), "--crawl-id", "crawl-cmd", "--topic", topic);

    assertThat(exit).isEqualTo(1);
    assertThat(errLines())
        .containsExactlyElementsOf(mixedInputReport(file, topic, added("crawl-cmd")));
    assertThat(records(topic))
        .containsExactlyInAnyOrderElementsOf(MixedInput.expectedRecords(CrawlSpec.of("crawl-cmd")));
  }

  @Test
  void refusesAHundredMegabyteLineAndBinaryLinesAndPublishesTheRest() throws Exception {
    String topic = TestTopics.create(1);
    Path file = dir.resolve("urls.txt");
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write("http://a.example/1\n".getBytes(UTF_8));
      byte[] megabyte = "x".repeat(1024 * 1024).getBytes(UTF_8);
      for (int i = 0; i < 100; i++) {
        out.write(megabyte);
      }
      out.write("\nhttp://a.example/3\n".getBytes(UTF_8));
      out.write(new byte[] {(byte) 0xC3, '(', '\n', 0, 'b', 'i', 'n', '\n'});
    }

    int exit = run("--urls", file.toString(), "--crawl-id", "crawl-big", "--topic", topic);

    assertThat(exit).isEqualTo(1);
    assertThat(errLines())
        .containsExactly(
            file
                + ":2: line longer than 65,536 bytes (104,857,600 bytes): "
                + "x".repeat(Rejection.SHOWN_LINE_CHARS)
                + "...",
            file + ":4: not valid UTF-8 (byte 0xC3 at index 0): \uFFFD(",
            file + ":5: whitespace or control character at index 0 (U+0000): \\u0000bin",
            "crawl crawl-big: accepted 2, rejected 3 (whitespace or control character 1, line too"
                + " long 1, not UTF-8 1), duplicates 0; published 2 to "
                + topic
                + " in T s (R URLs/s).",
            added("crawl-big"));
    assertThat(records(topic))
        .extracting(e -> e.getKey() + " " + e.getValue().getUrl())
        .containsExactly("a.example http://a.example/1", "a.example http://a.example/3");
  }

  @Test
  void readsGzipFromStdin() throws Exception {
    String topic = TestTopics.create(1);
    InputStream stdin =
        new ByteArrayInputStream(SitemapSourceTest.gzip("http://a.example/\nhttp://b.example/x\n"));

    int exit = run(stdin, "--crawl-id", "crawl-gz", "--topic", topic);

    assertThat(exit).isZero();
    assertThat(records(topic))
        .extracting(e -> e.getKey() + " " + e.getValue().getUrl())
        .containsExactly("a.example http://a.example/", "b.example http://b.example/x");
  }

  @Test
  void publishesTheUrlsOfAServedSitemapIndexReportingRejectedOnesByPosition() throws Exception {
    String topic = TestTopics.create(3);
    Map<String, byte[]> files = new java.util.concurrent.ConcurrentHashMap<>();
    try (StaticFiles server = StaticFiles.serve(files)) {
      files.put("/index.xml", SitemapSourceTest.index(server.url("/s.xml.gz")).getBytes(UTF_8));
      files.put(
          "/s.xml.gz",
          SitemapSourceTest.gzip(
              SitemapSourceTest.urlset(
                  "http://a.example/1", "http://a.example/1#again", "http://b.example/2")));
      String sitemap = server.url("/index.xml");

      // The index lists a sitemap on loopback, which the address guard refuses by default.
      int exit =
          run(
              "--sitemap",
              sitemap,
              "--allow-private-network",
              "--crawl-id",
              "crawl-map",
              "--topic",
              topic);

      assertThat(exit).isZero();
      assertThat(errLines())
          .containsExactly(
              "crawl crawl-map: accepted 2, rejected 0, duplicates 1; published 2 to "
                  + topic
                  + " in T s (R URLs/s).",
              added("crawl-map"));
      assertThat(records(topic))
          .extracting(e -> e.getKey() + " " + e.getValue().getUrl())
          .containsExactlyInAnyOrder(
              "a.example http://a.example/1", "b.example http://b.example/2");
    }
  }

  @Test
  void refusesTheSitemapsAnIndexListsOnPrivateAddressesWithoutTheFlag() throws Exception {
    String topic = TestTopics.create(1);
    Map<String, byte[]> files = new java.util.concurrent.ConcurrentHashMap<>();
    try (StaticFiles server = StaticFiles.serve(files)) {
      files.put("/index.xml", SitemapSourceTest.index(server.url("/s.xml")).getBytes(UTF_8));
      files.put("/s.xml", SitemapSourceTest.urlset("http://a.example/1").getBytes(UTF_8));

      int exit = run("--sitemap", server.url("/index.xml"), "--crawl-id", "c", "--topic", topic);

      assertThat(exit).isEqualTo(2);
      assertThat(String.join("\n", errLines()))
          .contains(
              "sitemap "
                  + server.url("/s.xml")
                  + " ("
                  + server.url("/s.xml")
                  + "): host '127.0.0.1' is refused by the address guard: 127.0.0.1 (loopback)");
      assertThat(server.requested()).containsExactly("/index.xml");
    }
  }

  @ParameterizedTest
  @CsvSource({"''", "--urls=-"})
  void readsStdinAndGeneratesACrawlId(String urlsOption) throws Exception {
    String topic = TestTopics.create(1);
    InputStream stdin =
        new ByteArrayInputStream(
            "http://a.example/\nhttp://b.example/x\n".getBytes(StandardCharsets.UTF_8));
    List<String> args = new ArrayList<>(List.of("--topic", topic));
    if (!urlsOption.isEmpty()) {
      args.add(urlsOption);
    }

    int exit = run(stdin, args.toArray(String[]::new));

    assertThat(exit).isZero();
    assertThat(errLines())
        .containsExactly(
            "crawl crawl-20260102-030405: accepted 2, rejected 0, duplicates 0; published 2 to "
                + topic
                + " in T s (R URLs/s).",
            "crawl crawl-20260102-030405 declared in trawl.crawls: depth 0, scope HOST, no rules.");
    assertThat(records(topic))
        .extracting(e -> e.getKey() + " " + e.getValue().getUrl() + " " + e.getValue().getCrawlId())
        .containsExactly(
            "a.example http://a.example/ crawl-20260102-030405",
            "b.example http://b.example/x crawl-20260102-030405");
  }

  @Test
  void exitsTwoWithOneClearLineWhenKafkaIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Path file = Files.writeString(dir.resolve("urls.txt"), "http://example.com/\n");

    int exit =
        new CommandLine(new ProduceCommand(Map.of(), InputStream.nullInputStream(), CLOCK))
            .setErr(new PrintWriter(err, true))
            .execute(
                "--bootstrap-servers",
                "127.0.0.1:" + closedPort,
                "--admin-port=-1",
                "--urls",
                file.toString(),
                "--crawl-id",
                "c",
                "--send-timeout-ms",
                "1000");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(
            "crawl c: accepted 0, rejected 0, duplicates 0; published 0 to trawl.seeds"
                + " in T s (R URLs/s).",
            "error: Kafka at 127.0.0.1:" + closedPort + " did not answer within 1000 ms");
  }

  @Test
  void exitsTwoWhenKafkaRefusesASend() throws Exception {
    String topic = TestTopics.create(1, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "512"));
    Path file = Files.writeString(dir.resolve("urls.txt"), "http://example.com/\n");

    int exit =
        run(
            "--urls",
            file.toString(),
            "--crawl-id",
            "c",
            "--metadata",
            "noise=" + noise(4096),
            "--topic",
            topic);

    assertThat(exit).isEqualTo(2);
    assertThat(errLines())
        .containsExactly(
            "crawl c: accepted 1, rejected 0, duplicates 0; published 0 to "
                + topic
                + " in T s (R URLs/s); failed sends 1.",
            "error: a send failed: The request included a message larger than the max message"
                + " size the server will accept.");
    assertThat(TestTopics.count(topic)).isZero();
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      quoteCharacter = '"',
      value = {
        "--depth, -1, \"--depth must be at least 0, was -1\"",
        "--max-url-length, 0, \"--max-url-length must be at least 1, was 0\"",
        "--send-timeout-ms, 0, \"--send-timeout-ms must be at least 1, was 0\"",
        "--send-timeout-ms, 2147483648, \"--send-timeout-ms must be at most 2147483647, was"
            + " 2147483648\"",
        "--crawl-id, \" \", \"--crawl-id must not be empty, was ' '\"",
        "--topic, \" \", \"--topic must not be empty, was ' '\"",
        "--urls, /no/such/urls.txt, --urls: no such file: /no/such/urls.txt",
        "--sitemap, /no/such/map.xml, --sitemap: no such file: /no/such/map.xml",
        "--scope, GALAXY, \"--scope: 'GALAXY' is not one of HOST, DOMAIN, ANY\"",
        "--metadata, =x, \"--metadata: '=x' is not KEY=VALUE with a non-empty KEY\"",
      })
  void refusesBadOptionsNamingTheOptionAndTheValue(String option, String value, String message) {
    int exit = runOffline(Map.of(), "--admin-port=-1", option, value);

    assertThat(exit).isEqualTo(2);
    assertThat(errLines().get(0)).isEqualTo(message);
  }

  @Test
  void refusesTwoInputs() throws Exception {
    Path file = Files.writeString(dir.resolve("urls.txt"), "http://example.com/\n");
    Path sitemap = Files.writeString(dir.resolve("sitemap.xml"), SitemapSourceTest.urlset());

    int exit =
        runOffline(
            Map.of(),
            "--admin-port=-1",
            "--urls",
            file.toString(),
            "--sitemap",
            sitemap.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(errLines().get(0))
        .isEqualTo("--sitemap and --urls cannot be combined: give one input");
  }

  @Test
  void refusesBadValuesFromTheEnvironmentNamingTheVariable() {
    int exit = runOffline(Map.of("TRAWL_PRODUCER_MAX_DEPTH", "deep"), "--admin-port=-1");

    assertThat(exit).isEqualTo(2);
    assertThat(errLines().get(0))
        .isEqualTo("--depth: 'deep' is not a whole number (from TRAWL_PRODUCER_MAX_DEPTH)");
  }

  @Test
  void readsEveryOptionFromTheEnvironmentUnlessGivenOnTheCommandLine() throws Exception {
    Path file = Files.writeString(dir.resolve("urls.txt"), "http://example.com/\n");
    Map<String, String> env =
        Map.ofEntries(
            Map.entry("TRAWL_PRODUCER_URLS", file.toString()),
            Map.entry("TRAWL_PRODUCER_PROGRESS", "false"),
            Map.entry("TRAWL_PRODUCER_SKIP_INVALID", "true"),
            Map.entry("TRAWL_PRODUCER_CRAWL_ID", "crawl-env"),
            Map.entry("TRAWL_PRODUCER_MAX_DEPTH", "2"),
            Map.entry("TRAWL_PRODUCER_SCOPE", "DOMAIN"),
            Map.entry("TRAWL_PRODUCER_METADATA", "team=search"),
            Map.entry("TRAWL_PRODUCER_TOPIC", "env.urls"),
            Map.entry("TRAWL_PRODUCER_MAX_URL_LENGTH", "100"),
            Map.entry("TRAWL_PRODUCER_SEND_TIMEOUT_MS", "5000"));

    Config config = parse(env, "--depth=3", "--topic=cli.urls");

    assertThat(new ProduceSettings(config))
        .isEqualTo(
            ProduceSettings.defaults()
                .with(ProduceSettings.URLS, file.toString())
                .with(ProduceSettings.PROGRESS, false)
                .with(ProduceSettings.SKIP_INVALID, true)
                .with(ProduceSettings.CRAWL_ID, "crawl-env")
                .with(ProduceSettings.DEPTH, 3)
                .with(ProduceSettings.SCOPE, CrawlScope.DOMAIN)
                .with(ProduceSettings.METADATA, Map.of("team", "search")));
    assertThat(new PublishSettings(config))
        .isEqualTo(
            PublishSettings.defaults()
                .with(PublishSettings.TOPIC, "cli.urls")
                .with(PublishSettings.MAX_URL_LENGTH, 100)
                .with(PublishSettings.SEND_TIMEOUT, Duration.ofSeconds(5)));
  }

  /** The options of a command with {@code args} parsed in {@code env}, not run. */
  private static Config parse(Map<String, String> env, String... args) {
    ProduceCommand command = new ProduceCommand(env, InputStream.nullInputStream(), CLOCK);
    new CommandLine(command).parseArgs(args);
    return command.config();
  }

  /** Runs the command against a port where no broker listens. */
  private int runOffline(Map<String, String> env, String... args) {
    List<String> all = new ArrayList<>(List.of("--bootstrap-servers", "127.0.0.1:9"));
    all.addAll(List.of(args));
    return new CommandLine(new ProduceCommand(env, InputStream.nullInputStream(), CLOCK))
        .setErr(new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
  }

  private int run(String... args) {
    return run(InputStream.nullInputStream(), args);
  }

  private int run(InputStream stdin, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                TestTopics.bootstrapServers(),
                "--admin-port=-1",
                "--send-timeout-ms",
                "10000"));
    all.addAll(List.of(args));
    return new CommandLine(new ProduceCommand(Map.of(), stdin, CLOCK))
        .setErr(new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
  }

  /** The lines written to stderr, timing masked. */
  private List<String> errLines() {
    return err.toString()
        .lines()
        .map(line -> line.replaceAll(TIMING, "in T s (R URLs/s)"))
        .toList();
  }

  /** What the command prints for {@link MixedInput#TEXT}, timing as a pattern. */
  private static List<String> mixedInputReport(Path file, String topic, String crawlLine) {
    return List.of(
        file + ":5: unsupported scheme \"ftp\" (only http and https): ftp://example.com/file",
        file
            + ":7: unsupported scheme \"mailto\" (only http and https):"
            + " mailto:someone@example.com",
        file + ":8: no host: http:///x",
        file
            + ":9: whitespace or control character at index 20 (U+0020):"
            + " http://example.com/a b",
        file + ":13: no scheme (only absolute http and https URLs): not-a-url",
        file + ":14: not a URL: Expected authority at index 7: http://",
        "crawl crawl-cmd: accepted 3, rejected 6 (whitespace or control character 1, no scheme 1,"
            + " unsupported scheme 2, not a URL 1, no host 1), duplicates 2; published 3 to "
            + topic
            + " in T s (R URLs/s).",
        crawlLine);
  }

  /** What the command says of URLs added to crawl {@code crawlId}, which it does not declare. */
  private static String added(String crawlId) {
    return "crawl "
        + crawlId
        + ": URLs added; a definition of the crawl in trawl.crawls sets their depth, scope and"
        + " rules.";
  }

  private List<Map.Entry<String, FetchRequest>> records(String topic) {
    return TestTopics.readAll(topic).stream().map(r -> Map.entry(r.key(), r.value())).toList();
  }

  private static String noise(int length) {
    Random random = new Random(42);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }
}
