package dev.trawl.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.ExtractionRule;
import dev.trawl.schemas.ExtractionTake;
import dev.trawl.schemas.FetchResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pages shaped like real ones (shop products with JSON-LD or microdata, a news article with
 * OpenGraph, broken JSON-LD, a graph of several items), each parsed with one realistic rule set and
 * main text, its whole document compared with the expected one next to it ({@code NAME.json}). With
 * {@code -Dfixtures.write=true} the test writes what it got there instead, for review.
 */
class PageFixturesTest {

  static final Path DIR = Path.of("src/test/resources/fixtures/pages");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Where each page is served from: links and URL patterns depend on it. */
  private static final Map<String, String> URLS =
      Map.of(
          "shop-product-jsonld", "https://shop.example/products/trail-runner-2",
          "shop-product-microdata", "https://maison.example/cafetiere-6",
          "news-article-opengraph", "https://news.example/2026/05/04/seals",
          "broken-json-ld", "https://garden.example/hose-25",
          "graph-and-listing", "https://brew.example/espresso/");

  /** About ten fields, as a shop-monitoring crawl would declare them. */
  static final CrawlDefinition SHOP =
      CrawlDefinition.newBuilder()
          .setCrawlId(Pages.CRAWL)
          .setMaxDepth(1)
          .setScope(CrawlScope.HOST)
          .setRules(
              List.of(
                  rule("title", "h1").build(),
                  rule("price", ".price").setRegex("([0-9]+[.,][0-9]{2})").build(),
                  attribute(rule("priceAttribute", ".price"), "data-price").build(),
                  attribute(rule("image", "img.product-image"), "abs:src").build(),
                  rule("sizes", ".sizes li").setAll(true).build(),
                  rule("description", ".description").setTake(ExtractionTake.INNER_HTML).build(),
                  rule("stock", ".stock").setUrlPatterns(List.of("/products/")).build(),
                  attribute(rule("tiles", ".tile-link"), "abs:href").setAll(true).build(),
                  rule("tilePrices", ".tile-price").setRegex("\\$([0-9.]+)").setAll(true).build(),
                  attribute(rule("canonical", "link[rel=canonical]"), "href").build(),
                  rule("wasPrice", "s.was").setTake(ExtractionTake.OUTER_HTML).build(),
                  rule("missing", ".does-not-exist").build()))
          .setMainText(true)
          .setMainTextMaxBytes(4096)
          .setCreatedAt(1)
          .build();

  static Stream<String> fixtures() {
    return URLS.keySet().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void parsesEachFixtureIntoItsExpectedDocument(String name) throws IOException {
    String url = URLS.get(name);
    FetchResult page =
        Pages.fetched(
            Pages.request(url, url.split("/")[2]),
            200,
            "text/html; charset=UTF-8",
            Files.readAllBytes(DIR.resolve(name + ".html")),
            40);

    Document document = new PageParser().parse(page, Extraction.of(SHOP));

    JsonNode actual = AvroTree.of(document);
    Path expected = DIR.resolve(name + ".json");
    if (Boolean.getBoolean("fixtures.write")) {
      Files.writeString(expected, JSON.writeValueAsString(actual) + "\n", StandardCharsets.UTF_8);
    }
    assertThat(JSON.writeValueAsString(actual))
        .isEqualTo(JSON.writeValueAsString(JSON.readTree(expected.toFile())));
  }

  static ExtractionRule.Builder rule(String name, String selector) {
    return ExtractionRule.newBuilder()
        .setName(name)
        .setSelector(selector)
        .setTake(ExtractionTake.TEXT)
        .setUrlPatterns(List.of());
  }

  private static ExtractionRule.Builder attribute(ExtractionRule.Builder rule, String name) {
    return rule.setTake(ExtractionTake.ATTRIBUTE).setAttribute(name);
  }
}
