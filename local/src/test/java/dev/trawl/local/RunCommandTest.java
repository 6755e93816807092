package dev.trawl.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.embedded.DemoSite;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code trawl run} on the whole local fleet and a real loopback site, as a person runs it. */
class RunCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The log file's path varies from run to run. */
  private static final String LOGS = "\\(logs: [^)]+\\.log\\)";

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private DemoSite site;

  @BeforeEach
  void startSite() {
    site =
        DemoSite.start(
            DemoSite.Options.defaults()
                .withHosts(1)
                .withPagesPerHost(50)
                .withLatency(Duration.ofMillis(10)));
  }

  @AfterEach
  void stopSite() {
    site.close();
  }

  @Test
  void writesOneLineForEveryInputLineThatIsNotBlankOrAComment() throws Exception {
    List<String> pages = servedPages(2);
    String first = pages.get(0);
    String second = pages.get(1);
    Path urls = dir.resolve("urls.txt");
    Path outFile = dir.resolve("out.jsonl");
    Files.write(
        urls,
        concat(
            "# my list\n" + first + "\n\n" + first + "#top\nftp://x.example/f\n" + second + "\n",
            new byte[] {(byte) 0xFF, (byte) 0xFE, '\n'},
            second + "\n"));

    int exit = run(fleet -> {}, "--urls", urls.toString(), "--out", outFile.toString());

    assertThat(exit).isEqualTo(RunCommand.REJECTED);
    assertThat(errLines())
        .containsExactly(
            urls + ":5: unsupported scheme \"ftp\" (only http and https): ftp://x.example/f",
            urls + ":7: not valid UTF-8 (byte 0xFF at index 0): \uFFFD\uFFFD");
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(outFile)) {
      lines.add(JSON.readTree(line));
    }
    Map<Long, String> outcomeByLine = new LinkedHashMap<>();
    lines.forEach(l -> outcomeByLine.put(l.get("line").asLong(), l.get("outcome").asText()));
    assertThat(outcomeByLine)
        .containsOnly(
            Map.entry(2L, "FETCHED"),
            Map.entry(4L, "DUPLICATE"),
            Map.entry(5L, "REJECTED"),
            Map.entry(6L, "FETCHED"),
            Map.entry(7L, "REJECTED"),
            Map.entry(8L, "DUPLICATE"));
    assertThat(lines).hasSize(6);
    assertThat(byLine(lines, 4))
        .isEqualTo(
            "{\"url\":\""
                + first
                + "#top\",\"normalizedUrl\":\""
                + first
                + "\",\"line\":4,\"outcome\":\"DUPLICATE\",\"firstLine\":2}");
    assertThat(byLine(lines, 5))
        .isEqualTo(
            "{\"url\":\"ftp://x.example/f\",\"line\":5,\"outcome\":\"REJECTED\",\"error\":"
                + "{\"type\":\"UNSUPPORTED_SCHEME\",\"message\":\"unsupported scheme \\\"ftp\\\""
                + " (only http and https)\"}}");
    assertThat(byLine(lines, 7))
        .isEqualTo(
            "{\"url\":\"\uFFFD\uFFFD\",\"line\":7,\"outcome\":\"REJECTED\",\"error\":"
                + "{\"type\":\"MALFORMED_TEXT\",\"message\":\"not valid UTF-8 (byte 0xFF at index"
                + " 0)\"}}");
    assertThat(byLine(lines, 8))
        .isEqualTo(
            "{\"url\":\"" + second + "\",\"line\":8,\"outcome\":\"DUPLICATE\",\"firstLine\":6}");
    assertThat(List.of(fetched(byLine(lines, 2)), fetched(byLine(lines, 6))))
        .containsExactly(first + " 200", second + " 200");
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Wrote 6 lines to " + outFile);
  }

  @Test
  void declaresTheCrawlsRulesAndMainTextAndWritesWhatTheyTake() throws Exception {
    String page = servedPages(1).get(0);
    Path urls = Files.writeString(dir.resolve("urls.txt"), page + "\n");
    Path rules =
        Files.writeString(
            dir.resolve("rules.yaml"),
            """
            rules:
              - name: sections
                selector: h2
                all: true
            """);
    Path outFile = dir.resolve("out.jsonl");

    int exit =
        run(
            fleet -> {},
            "--urls",
            urls.toString(),
            "--out",
            outFile.toString(),
            "--rules",
            rules.toString(),
            "--extract",
            "heading=main h1::text",
            "--extract",
            "canonical=link[rel=canonical]::attr(href)",
            "--extract",
            "missing=.price::text",
            "--main-text",
            "--main-text-max-bytes",
            "64");

    assertThat(exit).isZero();
    JsonNode line = JSON.readTree(Files.readAllLines(outFile).get(0));
    String title = line.get("title").asText();
    assertThat(title).isNotBlank();
    assertThat(line.get("fields").get("heading"))
        .containsExactly(JSON.getNodeFactory().textNode(title));
    assertThat(line.get("fields").get("canonical").get(0).asText()).isEqualTo(page);
    assertThat(line.get("fields").get("missing")).isEmpty();
    assertThat(line.get("fields").get("sections")).isNotEmpty();
    assertThat(line.get("structured").get("h1").get(0).asText()).isEqualTo(title);
    assertThat(line.get("structured").get("h2")).isEqualTo(line.get("fields").get("sections"));
    assertThat(line.get("mainText").asText()).startsWith(title);
    assertThat(line.get("mainText").asText().getBytes(StandardCharsets.UTF_8))
        .hasSizeLessThanOrEqualTo(64);
    assertThat(line.get("capped")).contains(JSON.getNodeFactory().textNode("mainText"));
  }

  @Test
  void refusesABadRuleNamingItBeforeStartingTheFleet() throws Exception {
    Path urls = Files.writeString(dir.resolve("urls.txt"), servedPages(1).get(0) + "\n");

    int exit = run(fleet -> {}, "--urls", urls.toString(), "--extract", "price=.price::re([0-9)");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("price").contains("regex");
    assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("Starting");
  }

  @Test
  void exitsTwoNamingTheFetchWorkerWhenItDies() throws Exception {
    Path urls = Files.writeString(dir.resolve("urls.txt"), String.join("\n", servedPages(2)));

    int exit =
        run(fleet -> fleet.fetchWorker().close(Duration.ofSeconds(10)), "--urls", urls.toString());

    assertThat(exit).isEqualTo(RunCommand.INCOMPLETE);
    assertThat(errLines())
        .containsExactly(
            "error: crawl run-test cannot complete: the fetch worker stopped; 2 of 2 URLs have no"
                + " outcome (logs: F.log)");
  }

  @Test
  void exitsTwoNamingTheProcessWorkerWhenItDies() throws Exception {
    Path urls = Files.writeString(dir.resolve("urls.txt"), String.join("\n", servedPages(2)));

    int exit =
        run(
            fleet -> fleet.processWorker().close(Duration.ofSeconds(30)),
            "--urls",
            urls.toString());

    assertThat(exit).isEqualTo(RunCommand.INCOMPLETE);
    assertThat(errLines())
        .containsExactly(
            "error: crawl run-test cannot complete: the process worker stopped (Kafka Streams"
                + " NOT_RUNNING); 2 of 2 URLs have no outcome (logs: F.log)");
  }

  private int run(Consumer<LocalFleet> started, String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--crawl-id",
                "run-test",
                "--allow-private-network",
                "--partitions",
                "2",
                "--threads",
                "1"));
    all.addAll(List.of(args));
    RunCommand command =
        new RunCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of(),
            started);
    return new CommandLine(command)
        .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
        .execute(all.toArray(String[]::new));
  }

  /** What the command printed on stderr, the log file's path masked as {@code F.log}. */
  private List<String> errLines() {
    return err.toString(StandardCharsets.UTF_8)
        .lines()
        .map(line -> line.replaceAll(LOGS, "(logs: F.log)"))
        .toList();
  }

  /** Pages the site serves with status 200. */
  private List<String> servedPages(int count) {
    return site.pageUrls(50).stream()
        .filter(url -> site.expectedStatus(url) == 200)
        .limit(count)
        .toList();
  }

  private static String byLine(List<JsonNode> lines, long line) {
    return lines.stream()
        .filter(l -> l.get("line").asLong() == line)
        .findFirst()
        .orElseThrow()
        .toString();
  }

  private static String fetched(String line) throws Exception {
    JsonNode node = JSON.readTree(line);
    return node.get("url").asText() + " " + node.get("status").asInt();
  }

  private static byte[] concat(String head, byte[] middle, String tail) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(middle);
    bytes.writeBytes(tail.getBytes(StandardCharsets.UTF_8));
    return bytes.toByteArray();
  }
}
