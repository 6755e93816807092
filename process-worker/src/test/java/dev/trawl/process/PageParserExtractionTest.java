package dev.trawl.process;

import static dev.trawl.process.Pages.html;
import static dev.trawl.process.Pages.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.ExtractionRule;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FieldError;
import dev.trawl.schemas.FieldErrorType;
import dev.trawl.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Extraction rules on hostile pages and rules: every one bounded (in time, matches and bytes),
 * reported in the document, and never stopping the page.
 */
class PageParserExtractionTest {

  private static final FetchRequest PAGE = request("http://shop.test/products/1", "shop.test");

  @Test
  void givesAnEmptyFieldForARuleMatchingNothingAndLeavesOutARuleForOtherUrls() {
    Document document =
        parse(
            "<p class=price>1.00</p>",
            rule("price", ".price").build(),
            rule("missing", ".nothing").build(),
            rule("category", "h1").setUrlPatterns(List.of("/categories/")).build());

    assertThat(document.getFields())
        .isEqualTo(Map.of("price", List.of("1.00"), "missing", List.of()));
    assertThat(document.getFieldErrors()).isEmpty();
  }

  @Test
  void takesTheFirstMatchOnlyAndLeavesItOutWhenTheRegexFindsNothingInIt() {
    Document document =
        parse(
            "<b>none</b><b>4.50</b>",
            rule("first", "b").build(),
            rule("number", "b").setRegex("[0-9.]+").build(),
            rule("numbers", "b").setRegex("[0-9.]+").setAll(true).build());

    assertThat(document.getFields())
        .isEqualTo(
            Map.of("first", List.of("none"), "number", List.of(), "numbers", List.of("4.50")));
  }

  @Test
  void stopsARuleWhoseRegexBacktracksPastTheBudgetKeepsWhatItFoundAndRunsNoMore() {
    // Lazy repetition of an alternation: exponential in Java's engine (4.7 s for 26 a's here).
    String evil = "a".repeat(40);
    Document document =
        new PageParser(500, Duration.ofMillis(20))
            .parse(
                html(PAGE, "<p>ok</p><p>" + evil + "</p><h1>never</h1>"),
                extraction(
                    rule("paragraphs", "p").setRegex("^ok$|^(a|a)*?b").setAll(true).build(),
                    rule("title", "h1").build()));

    assertThat(document.getFields()).isEqualTo(Map.of("paragraphs", List.of("ok")));
    assertThat(document.getFieldErrors())
        .containsExactly(
            new FieldError(
                "paragraphs",
                FieldErrorType.TIMEOUT,
                "stopped: the page's extraction budget of 20 ms ran out in this rule"),
            new FieldError(
                "title",
                FieldErrorType.TIMEOUT,
                "not run: the page's extraction budget of 20 ms ran out before this rule"));
  }

  @Test
  void reportsARegexTooDeepForTheStackAsFailedAndRunsTheNextRule() {
    String deep = "ab".repeat(500_000);
    Document document =
        new PageParser(500, Duration.ofMinutes(1))
            .parse(
                html(PAGE, "<p>" + deep + "</p><h1>title</h1>"),
                extraction(
                    rule("deep", "p").setRegex("(a|b)*c").build(), rule("title", "h1").build()));

    assertThat(document.getFields())
        .isEqualTo(Map.of("deep", List.of(), "title", List.of("title")));
    assertThat(document.getFieldErrors())
        .containsExactly(
            new FieldError(
                "deep",
                FieldErrorType.FAILED,
                "too deep for the stack on this page (StackOverflowError)"));
  }

  @Test
  void keepsAtMostTheCapOfMatchesAndCutsLongValues() {
    StringBuilder page = new StringBuilder("<div class=long>" + "x".repeat(10_000) + "</div>");
    for (int i = 0; i < 150; i++) {
      page.append("<li>").append(i).append("</li>");
    }

    Document document =
        parse(
            page.toString(),
            rule("items", "li").setAll(true).build(),
            rule("long", ".long").build());

    List<String> hundred = new ArrayList<>();
    for (int i = 0; i < DocumentLimits.MAX_FIELD_VALUES; i++) {
      hundred.add(Integer.toString(i));
    }
    assertThat(document.getFields())
        .isEqualTo(
            Map.of(
                "items",
                hundred,
                "long",
                List.of("x".repeat(DocumentLimits.MAX_FIELD_VALUE_BYTES))));
    assertThat(document.getCapped()).containsExactly("fields.items", "fields.long");
  }

  @Test
  void spendsTheFieldsBudgetInRuleOrderAndEmptiesTheRulesAfterIt() {
    String value = "v".repeat(DocumentLimits.MAX_FIELD_VALUE_BYTES);
    List<ExtractionRule> rules = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      rules.add(rule("r" + i, "p").build());
    }

    Document document = parse("<p>" + value + "</p>", rules.toArray(ExtractionRule[]::new));

    int fit = DocumentLimits.MAX_FIELDS_BYTES / (value.length() + 4);
    Map<String, List<String>> expected = new LinkedHashMap<>();
    for (int i = 0; i < 10; i++) {
      expected.put("r" + i, i < fit ? List.of(value) : List.of());
    }
    assertThat(document.getFields()).isEqualTo(expected);
    assertThat(document.getCapped()).containsExactly("fields.r7", "fields.r8", "fields.r9");
    assertThat(fit).isEqualTo(7);
  }

  @Test
  void takesAttributesAbsoluteUrlsAndHtmlWithAndWithoutTrimming() {
    Document document =
        parse(
            "<a class=next href=' /page/2 '> Next </a><div id=d><i>x</i></div>",
            rule("raw", "a.next")
                .setTake(dev.trawl.schemas.ExtractionTake.ATTRIBUTE)
                .setAttribute("href")
                .setTrim(false)
                .build(),
            rule("link", "a.next")
                .setTake(dev.trawl.schemas.ExtractionTake.ATTRIBUTE)
                .setAttribute("abs:href")
                .build(),
            rule("inner", "#d").setTake(dev.trawl.schemas.ExtractionTake.INNER_HTML).build(),
            rule("outer", "#d").setTake(dev.trawl.schemas.ExtractionTake.OUTER_HTML).build());

    assertThat(document.getFields())
        .isEqualTo(
            Map.of(
                "raw", List.of(" /page/2 "),
                "link", List.of("http://shop.test/page/2"),
                "inner", List.of("<i>x</i>"),
                "outer", List.of("<div id=\"d\"><i>x</i></div>")));
  }

  @Test
  void keepsTheMainTextOnlyWhenTheCrawlAsksForItCutAtItsCap() {
    String page = "<nav>menu</nav><main><p>" + "word ".repeat(100) + "</p></main>";
    CrawlDefinition withText =
        CrawlDefinition.newBuilder(definition(List.of()))
            .setMainText(true)
            .setMainTextMaxBytes(20)
            .build();

    assertThat(new PageParser().parse(html(PAGE, page), Extraction.of(withText)).getMainText())
        .isEqualTo("word word word word ");
    assertThat(new PageParser().parse(html(PAGE, page)).getMainText()).isNull();
    assertThat(new PageParser().parse(html(PAGE, page), Extraction.of(withText)).getCapped())
        .containsExactly("mainText");
  }

  @Test
  void namesTheMainTextCappedWhenTheCapFallsAtTheEndOfABlockFollowedByMore() {
    CrawlDefinition withText =
        CrawlDefinition.newBuilder(definition(List.of()))
            .setMainText(true)
            .setMainTextMaxBytes(10)
            .build();
    Document cut =
        new PageParser()
            .parse(
                html(PAGE, "<main><p>0123456789</p><p>more</p></main>"), Extraction.of(withText));
    Document whole =
        new PageParser()
            .parse(html(PAGE, "<main><p>0123456789</p>\n  </main>"), Extraction.of(withText));

    assertThat(cut.getMainText()).isEqualTo("0123456789");
    assertThat(cut.getCapped()).containsExactly("mainText");
    assertThat(whole.getMainText()).isEqualTo("0123456789");
    assertThat(whole.getCapped()).isEmpty();
  }

  private static Document parse(String page, ExtractionRule... rules) {
    return new PageParser().parse(html(PAGE, page), extraction(rules));
  }

  private static Extraction extraction(ExtractionRule... rules) {
    return Extraction.of(definition(List.of(rules)));
  }

  private static CrawlDefinition definition(List<ExtractionRule> rules) {
    Topics.all();
    return CrawlDefinition.newBuilder()
        .setCrawlId(Pages.CRAWL)
        .setMaxDepth(0)
        .setScope(CrawlScope.HOST)
        .setRules(rules)
        .setCreatedAt(1)
        .build();
  }

  private static ExtractionRule.Builder rule(String name, String selector) {
    return PageFixturesTest.rule(name, selector);
  }
}
