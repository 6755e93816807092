package dev.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.cli.testing.TrawlRecords;
import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.ExtractionRule;
import dev.trawl.schemas.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TailCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static TestKafka.Broker broker;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void produceKnownRecords() throws Exception {
    broker = TestKafka.freshEmbedded();
    TrawlRecords.createTopics(broker.bootstrapServers());
    TrawlRecords.send(
        broker.bootstrapServers(),
        Topics.PAGES,
        TrawlRecords.page("http://a.example/1", "crawl-a", "<p>hi</p>"),
        TrawlRecords.page("http://a.example/2", "crawl-b", "<p>yo</p>"));
    TrawlRecords.send(
        broker.bootstrapServers(),
        Topics.DOCUMENTS,
        TrawlRecords.document("http://a.example/1", "crawl-a", "One"),
        TrawlRecords.document("http://a.example/2", "crawl-b", "Two"),
        TrawlRecords.document("http://a.example/3", "crawl-a", "Three"));
  }

  @AfterAll
  static void stopBroker() {
    broker.close();
  }

  @Test
  void printsEveryRecordAsOneJsonLineWithBodiesAsBase64() throws Exception {
    int exit = tail("trawl.pages", "--from-beginning", "--timeout-ms", "1000", "--bodies");

    assertThat(exit).isZero();
    assertThat(lines())
        .containsExactly(
            JSON.readTree(
                page(0, "http://a.example/1", "crawl-a", ", \"base64\": \"PHA+aGk8L3A+\"")),
            JSON.readTree(
                page(1, "http://a.example/2", "crawl-b", ", \"base64\": \"PHA+eW88L3A+\"")));
  }

  @Test
  void showsBodiesAsTheirLengthByDefault() throws Exception {
    int exit = tail("trawl.pages", "--from-beginning", "--max", "1");

    assertThat(exit).isZero();
    assertThat(lines())
        .containsExactly(JSON.readTree(page(0, "http://a.example/1", "crawl-a", "")));
  }

  @Test
  void filtersByCrawlIdAndStopsAfterMax() throws Exception {
    int exit = tail("trawl.documents", "--from-beginning", "--crawl-id", "crawl-a", "--max", "2");

    assertThat(exit).isZero();
    assertThat(lines())
        .containsExactly(
            JSON.readTree(document(0, "http://a.example/1", "crawl-a", "One")),
            JSON.readTree(document(2, "http://a.example/3", "crawl-a", "Three")));
  }

  @Test
  void printsCrawlDefinitionsAndTheirTombstonesFilteredByTheirKey() throws Exception {
    CrawlDefinition definition =
        CrawlDefinition.newBuilder()
            .setCrawlId("shop")
            .setMaxDepth(1)
            .setScope(CrawlScope.HOST)
            .setRules(
                List.of(
                    ExtractionRule.newBuilder()
                        .setName("price")
                        .setSelector(".price")
                        .setRegex("([0-9.]+)")
                        .setUrlPatterns(List.of())
                        .build()))
            .setCreatedAt(TrawlRecords.TIMESTAMP)
            .build();
    TrawlRecords.sendKeyed(broker.bootstrapServers(), Topics.CRAWLS, "other", definition);
    TrawlRecords.sendKeyed(broker.bootstrapServers(), Topics.CRAWLS, "shop", definition, null);

    int exit = tail("trawl.crawls", "--from-beginning", "--crawl-id", "shop", "--max", "2");

    assertThat(exit).isZero();
    assertThat(lines())
        .containsExactly(
            JSON.readTree(
                """
                {"topic": "trawl.crawls", "partition": 0, "offset": 1, "timestamp": %d,
                 "key": "shop",
                 "value": {"crawlId": "shop", "maxDepth": 1, "scope": "HOST",
                   "rules": [{"name": "price", "selector": ".price", "take": "TEXT",
                     "attribute": null, "all": false, "regex": "([0-9.]+)", "trim": true,
                     "urlPatterns": []}],
                   "mainText": false, "mainTextMaxBytes": 65536, "createdAt": %d}}
                """
                    .formatted(TrawlRecords.TIMESTAMP, TrawlRecords.TIMESTAMP)),
            JSON.readTree(
                """
                {"topic": "trawl.crawls", "partition": 0, "offset": 2, "timestamp": %d,
                 "key": "shop", "value": null}
                """
                    .formatted(TrawlRecords.TIMESTAMP)));
  }

  @Test
  void refusesUnknownTopicsNamingTheKnownOnes() {
    int exit = tail("trawl.nope", "--timeout-ms", "0");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines().findFirst().orElseThrow())
        .startsWith(
            "unknown topic trawl.nope (expected one of trawl.crawls, trawl.seeds, trawl.urls,");
  }

  private int tail(String... args) {
    List<String> all = new ArrayList<>(List.of("--bootstrap-servers", broker.bootstrapServers()));
    all.addAll(List.of(args));
    return new CommandLine(new TailCommand())
        .setOut(new PrintWriter(out, true))
        .setErr(new PrintWriter(err, true))
        .execute(all.toArray(String[]::new));
  }

  private List<JsonNode> lines() throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    for (String line : out.toString().lines().toList()) {
      lines.add(JSON.readTree(line));
    }
    return lines;
  }

  private static String request(String url, String crawlId) {
    return """
        {"url": "%s", "host": "a.example", "crawlId": "%s", "depth": 1, "maxDepth": 2,
         "scope": "DOMAIN", "attempt": 0, "enqueuedAt": %d, "notBefore": null,
         "referrer": "http://a.example/", "metadata": {"team": "ads"}}
        """
        .formatted(url, crawlId, TrawlRecords.TIMESTAMP - 1000);
  }

  private static String page(long offset, String url, String crawlId, String base64) {
    return """
        {"topic": "trawl.pages", "partition": 0, "offset": %d, "timestamp": %d, "key": "a.example",
         "value": {"request": %s, "outcome": "FETCHED", "finalUrl": "%s", "redirectChain": [],
           "status": 200, "headers": {"content-type": "text/html"}, "contentType": "text/html",
           "body": {"length": 9%s}, "truncated": false, "fetchedAt": %d, "latencyMs": 12,
           "proxyId": null, "error": null}}
        """
        .formatted(
            offset,
            TrawlRecords.TIMESTAMP,
            request(url, crawlId),
            url,
            base64,
            TrawlRecords.TIMESTAMP);
  }

  private static String document(long offset, String url, String crawlId, String title) {
    return """
        {"topic": "trawl.documents", "partition": 0, "offset": %d, "timestamp": %d,
         "key": "a.example",
         "value": {"url": "%s", "finalUrl": "%s", "host": "a.example", "crawlId": "%s",
           "depth": 1, "outcome": "FETCHED", "status": 200, "contentType": "text/html",
           "parsed": true, "title": "%s", "description": null, "language": "en",
           "canonical": null, "wordCount": 3, "outlinks": ["http://a.example/next"],
           "outlinkCount": 1, "contentHash": "ab12", "fetchedAt": %d, "truncated": false,
           "bodyBytes": 0, "capped": [], "nofollowOutlinks": [], "fields": {},
           "fieldErrors": [],
           "structured": {"robots": [], "h1": [], "h2": [], "hreflang": [], "openGraph": {},
             "twitter": {}, "products": [], "articles": [], "breadcrumbs": [], "itemTypes": [],
             "microdata": [], "jsonLdErrors": 0},
           "mainText": null}}
        """
        .formatted(
            offset, TrawlRecords.TIMESTAMP, url, url, crawlId, title, TrawlRecords.TIMESTAMP);
  }
}
