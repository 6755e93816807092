package dev.trawl.process;

import static dev.trawl.process.Pages.html;
import static dev.trawl.process.Pages.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.process.internal.crawls.CrawlDefinitions;
import dev.trawl.process.internal.links.DefinedSeeds;
import dev.trawl.process.internal.parse.ParseMetrics;
import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.ExtractionRule;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FieldError;
import dev.trawl.schemas.FieldErrorType;
import dev.trawl.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crawl's definition in trawl.crawls reaches the topology's global store: seeds of the crawl take
 * its depth and scope, its pages its rules; a changed definition applies from then on, a tombstone
 * forgets it, and a record that is no definition is ignored and counted.
 */
class ProcessTopologyCrawlsTest {

  @TempDir Path stateDir;

  private TopologyDriver topology;

  @BeforeEach
  void open() {
    topology = new TopologyDriver(stateDir);
  }

  @AfterEach
  void close() {
    topology.close();
  }

  @Test
  void givesEachSeedOfADefinedCrawlTheCrawlsDepthAndScope() {
    topology.define(definition(Pages.CRAWL, 3, CrawlScope.DOMAIN, List.of()));
    FetchRequest added = request("http://a.test/added", "a.test"); // max depth 1, HOST
    FetchRequest undefined =
        FetchRequest.newBuilder(request("http://a.test/other", "a.test")).setCrawlId("c2").build();

    topology.seed(added, undefined);

    assertThat(topology.urls.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair("a.test", request(added, 0, 3, CrawlScope.DOMAIN)),
            KeyValue.pair("a.test", undefined));
    assertThat(topology.count(DefinedSeeds.COUNTER, "crawl", "defined")).isEqualTo(1);
    assertThat(topology.count(DefinedSeeds.COUNTER, "crawl", "undefined")).isEqualTo(1);
  }

  @Test
  void extractsTheRulesOfThePagesCrawlAndNothingForOtherCrawls() {
    topology.define(definition(Pages.CRAWL, 1, CrawlScope.HOST, List.of(rule("price", ".price"))));
    FetchRequest page = request("http://a.test/p", "a.test");
    FetchRequest otherCrawl = FetchRequest.newBuilder(page).setCrawlId("c2").build();
    String body = "<p class=price>9.99</p>";

    topology.pipe(html(page, body), html(otherCrawl, body));

    List<Document> documents = topology.documents.readValuesToList();
    assertThat(documents.get(0).getFields()).isEqualTo(Map.of("price", List.of("9.99")));
    assertThat(documents.get(1).getFields()).isEmpty();
  }

  @Test
  void appliesAChangedDefinitionToLaterPagesAndForgetsATombstonedOne() {
    FetchRequest page = request("http://a.test/p", "a.test");
    String body = "<h1>Title</h1><p class=price>9.99</p>";
    topology.define(definition(Pages.CRAWL, 1, CrawlScope.HOST, List.of(rule("price", ".price"))));
    topology.pipe(html(page, body));
    topology.define(definition(Pages.CRAWL, 1, CrawlScope.HOST, List.of(rule("title", "h1"))));
    topology.pipe(html(page, body));
    topology.crawls.pipeInput(Pages.CRAWL, null);
    topology.pipe(html(page, body));

    assertThat(topology.documents.readValuesToList())
        .extracting(Document::getFields)
        .containsExactly(
            Map.of("price", List.of("9.99")), Map.of("title", List.of("Title")), Map.of());
    assertThat(topology.count(CrawlDefinitions.COUNTER, "result", "stored")).isEqualTo(2);
    assertThat(topology.count(CrawlDefinitions.COUNTER, "result", "removed")).isEqualTo(1);
  }

  @Test
  void ignoresARecordThatIsNoDefinitionOfItsKeysCrawl() {
    TestInputTopic<String, byte[]> raw =
        topology.driver.createInputTopic(
            Topics.CRAWLS.name(), new StringSerializer(), new ByteArraySerializer());
    topology.define(definition(Pages.CRAWL, 2, CrawlScope.ANY, List.of()));
    raw.pipeInput(Pages.CRAWL, new byte[] {1, 2, 3});
    topology.crawls.pipeInput(Pages.CRAWL, definition("another", 0, CrawlScope.HOST, List.of()));
    FetchRequest seed = request("http://a.test/", "a.test");

    topology.seed(seed);

    assertThat(topology.urls.readValuesToList())
        .containsExactly(request(seed, 0, 2, CrawlScope.ANY));
    assertThat(topology.count(CrawlDefinitions.COUNTER, "result", "invalid")).isEqualTo(2);
  }

  @Test
  void reportsARuleItCannotCompileOnEveryPageAndCountsIt() {
    ExtractionRule broken = ExtractionRule.newBuilder(rule("price", "p")).setSelector("p[").build();
    topology.define(
        definition(Pages.CRAWL, 1, CrawlScope.HOST, List.of(broken, rule("title", "h1"))));

    topology.pipe(html(request("http://a.test/p", "a.test"), "<h1>T</h1>"));

    Document document = topology.documents.readValue();
    assertThat(document.getFields()).isEqualTo(Map.of("title", List.of("T")));
    assertThat(document.getFieldErrors())
        .extracting(FieldError::getField, FieldError::getError)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("price", FieldErrorType.INVALID_RULE));
    assertThat(topology.count(ParseMetrics.FIELD_ERRORS, "error", "invalid_rule")).isEqualTo(1);
  }

  @Test
  void followsNoLinkOfAPageMarkedNofollowNorAnyLinkMarkedNofollow() {
    FetchRequest home = request(request("http://a.test/", "a.test"), 0, 2, CrawlScope.HOST);
    FetchRequest next = request(request("http://a.test/next", "a.test"), 0, 2, CrawlScope.HOST);

    topology.pipe(
        html(home, "<a href=/ad rel='sponsored nofollow'>ad</a><a href=/next>next</a>"),
        html(next, "<meta name=robots content='noindex,nofollow'><a href=/hidden>hidden</a>"));

    assertThat(topology.urls.readValuesToList())
        .extracting(FetchRequest::getUrl)
        .containsExactly("http://a.test/next");
  }

  static CrawlDefinition definition(
      String crawlId, int maxDepth, CrawlScope scope, List<ExtractionRule> rules) {
    return CrawlDefinition.newBuilder()
        .setCrawlId(crawlId)
        .setMaxDepth(maxDepth)
        .setScope(scope)
        .setRules(rules)
        .setCreatedAt(1)
        .build();
  }

  static ExtractionRule rule(String name, String selector) {
    return PageFixturesTest.rule(name, selector).build();
  }
}
