package dev.trawl.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.ExtractionRule;
import dev.trawl.schemas.ExtractionTake;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code trawl produce} declares a crawl with its rules (from --rules and --extract) in
 * trawl.crawls before its URLs, refuses bad rules as bad options naming the rule, and declares
 * nothing when a crawl id is given alone.
 */
class ProduceCommandRulesTest {

  private static final Clock CLOCK = Clock.fixed(MixedInput.NOW, ZoneOffset.UTC);

  @TempDir Path dir;

  private final StringWriter err = new StringWriter();
  private final String crawlId = "rules-" + UUID.randomUUID();

  @Test
  void declaresTheCrawlWithTheRulesOfTheFileThenOfTheCommandLine() throws Exception {
    String topic = TestTopics.create(1);
    Path rules =
        Files.writeString(
            dir.resolve("rules.yaml"),
            """
            rules:
              - name: price
                selector: .price
                regex: '([0-9]+[.,][0-9]{2})'
              - name: image
                selector: img.product
                take: attribute
                attribute: abs:src
                urlPatterns: /products/
            """);

    int exit =
        run(
            "--urls",
            urls(),
            "--crawl-id",
            crawlId,
            "--depth",
            "1",
            "--topic",
            topic,
            "--rules",
            rules.toString(),
            "--extract",
            "sizes=.sizes li::all",
            "--main-text");

    assertThat(exit).isZero();
    assertThat(ofThisCrawl())
        .containsExactly(
            CrawlDefinition.newBuilder()
                .setCrawlId(crawlId)
                .setMaxDepth(1)
                .setScope(CrawlScope.HOST)
                .setRules(
                    List.of(
                        rule("price", ".price").setRegex("([0-9]+[.,][0-9]{2})").build(),
                        rule("image", "img.product")
                            .setTake(ExtractionTake.ATTRIBUTE)
                            .setAttribute("abs:src")
                            .setUrlPatterns(List.of("/products/"))
                            .build(),
                        rule("sizes", ".sizes li").setAll(true).build()))
                .setMainText(true)
                .setMainTextMaxBytes(65_536)
                .setCreatedAt(MixedInput.NOW.toEpochMilli())
                .build());
    assertThat(err.toString().lines().toList())
        .last()
        .isEqualTo(
            "crawl "
                + crawlId
                + " declared in trawl.crawls: depth 1, scope HOST, 3 rules (price, image, sizes),"
                + " main text up to 65,536 bytes.");
  }

  @Test
  void declaresNothingForACrawlIdGivenAlone() throws Exception {
    String topic = TestTopics.create(1);

    int exit = run("--urls", urls(), "--crawl-id", crawlId, "--topic", topic);

    assertThat(exit).isZero();
    assertThat(ofThisCrawl()).isEmpty();
    assertThat(TestTopics.readAll(topic)).hasSize(1);
  }

  @Test
  void refusesABadRuleAsABadOptionNamingItAndPublishesNothing() throws Exception {
    String topic = TestTopics.create(1);

    int exit =
        run("--urls", urls(), "--crawl-id", crawlId, "--topic", topic, "--extract", "price=div[");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .startsWith("--extract: rule \"price\": selector \"div[\" is not valid: ");
    assertThat(TestTopics.readAll(topic)).isEmpty();
  }

  @Test
  void refusesABadRulesFileNamingTheFileAndTheRule() throws Exception {
    Path rules =
        Files.writeString(
            dir.resolve("rules.yaml"),
            "rules:\n  - name: sku\n    selector: .sku\n    regex: '('\n");

    int exit = run("--urls", urls(), "--rules", rules.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .startsWith(
            "--rules: "
                + rules
                + ": rule \"sku\": regex \"(\" is not valid: Unclosed group near index 1");
  }

  @Test
  void refusesTwoRulesOfOneName() throws Exception {
    Path rules =
        Files.writeString(dir.resolve("rules.yaml"), "rules:\n  - {name: p, selector: .p}\n");

    int exit = run("--urls", urls(), "--rules", rules.toString(), "--extract", "p=.other");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).startsWith("--rules and --extract: rule \"p\" is given twice");
  }

  private List<CrawlDefinition> ofThisCrawl() {
    return TestTopics.definitions().stream().filter(d -> d.getCrawlId().equals(crawlId)).toList();
  }

  private String urls() throws Exception {
    return Files.writeString(dir.resolve("urls.txt"), "http://a.example/\n").toString();
  }

  private static ExtractionRule.Builder rule(String name, String selector) {
    return ExtractionRule.newBuilder()
        .setName(name)
        .setSelector(selector)
        .setTake(ExtractionTake.TEXT)
        .setUrlPatterns(List.of());
  }

  private int run(String... args) {
    List<String> all =
        new ArrayList<>(
            List.of(
                "--bootstrap-servers",
                TestTopics.bootstrapServers(),
                "--admin-port=-1",
                "--send-timeout-ms",
                "10000"));
    all.addAll(List.of(args));
    return new CommandLine(new ProduceCommand(Map.of(), InputStream.nullInputStream(), CLOCK))
        .setErr(new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
  }
}
