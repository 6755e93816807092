package dev.trawl.runtime.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.ExtractionRule;
import dev.trawl.schemas.ExtractionTake;
import dev.trawl.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExtractionRulesTest {

  @BeforeAll
  static void trustTrawlTypes() {
    Topics.all();
  }

  @Test
  void compilesASelectorThatJsoupRunsAndTheRegexes() {
    ExtractionRule rule =
        rule("price", ".price")
            .setRegex("([0-9.]+)")
            .setUrlPatterns(List.of("/product/", "^https://shop"))
            .build();

    ExtractionRules.Compiled compiled = ExtractionRules.compile(rule);

    assertThat(compiled.name()).isEqualTo("price");
    assertThat(
            Jsoup.parse("<p class=price>9.99</p><p class=price>1</p>")
                .select(compiled.selector())
                .eachText())
        .containsExactly("9.99", "1");
    assertThat(compiled.regex().pattern()).isEqualTo("([0-9.]+)");
    assertThat(compiled.urlPatterns())
        .extracting(p -> p.pattern())
        .containsExactly("/product/", "^https://shop");
  }

  @Test
  void refusesABadSelectorNamingTheRuleAndWhatJsoupSays() {
    assertThatThrownBy(() -> ExtractionRules.compile(rule("price", "div[").build()))
        .isInstanceOf(InvalidRuleException.class)
        .hasMessageStartingWith("rule \"price\": selector \"div[\" is not valid: ");
  }

  @Test
  void refusesABadRegexOrUrlPatternWithItsPosition() {
    assertThatThrownBy(() -> ExtractionRules.compile(rule("sku", "b").setRegex("(a").build()))
        .hasMessage("rule \"sku\": regex \"(a\" is not valid: Unclosed group near index 2");
    assertThatThrownBy(
            () -> ExtractionRules.compile(rule("sku", "b").setUrlPatterns(List.of("[")).build()))
        .hasMessage(
            "rule \"sku\": URL pattern \"[\" is not valid: Unclosed character class near index 0");
  }

  @Test
  void refusesAnAttributeRuleWithoutAttributeAndAnAttributeOnAnotherRule() {
    assertThatThrownBy(
            () ->
                ExtractionRules.compile(
                    rule("img", "img").setTake(ExtractionTake.ATTRIBUTE).build()))
        .hasMessage("rule \"img\": takes an attribute but names none");
    assertThatThrownBy(
            () -> ExtractionRules.compile(rule("img", "img").setAttribute("src").build()))
        .hasMessage("rule \"img\": names attribute \"src\" but takes text");
  }

  @Test
  void refusesNamesThatAreNotIdentifiersAndEmptyOrOverlongExpressions() {
    assertThatThrownBy(() -> ExtractionRules.compile(rule("1st price", ".p").build()))
        .hasMessageStartingWith("rule name \"1st price\" is not valid: ");
    assertThatThrownBy(() -> ExtractionRules.compile(rule("p", " ").build()))
        .hasMessage("rule \"p\": has no selector");
    assertThatThrownBy(() -> ExtractionRules.compile(rule("p", "a".repeat(1025)).build()))
        .hasMessage("rule \"p\": selector is 1025 characters; at most 1024 are");
  }

  @Test
  void listsEveryProblemOfADefinition() {
    List<ExtractionRule> rules = new ArrayList<>();
    rules.add(rule("a", "p").build());
    rules.add(rule("a", "q").build());
    rules.add(rule("b", "p[").build());
    for (int i = 0; i < ExtractionRules.MAX_RULES; i++) {
      rules.add(rule("r" + i, "p").build());
    }
    CrawlDefinition definition =
        CrawlDefinition.newBuilder()
            .setCrawlId(" ")
            .setMaxDepth(-1)
            .setScope(CrawlScope.HOST)
            .setRules(rules)
            .setMainText(true)
            .setMainTextMaxBytes(ExtractionRules.MAX_MAIN_TEXT_BYTES + 1)
            .setCreatedAt(1)
            .build();

    assertThat(ExtractionRules.problems(definition))
        .hasSize(6)
        .startsWith(
            "crawl id must not be blank",
            "max depth must be >= 0, not -1",
            "main text cap must be between 1 and 131072 bytes, not 131073",
            "53 rules; at most 50 are allowed",
            "rule \"a\" is given twice")
        .last()
        .asString()
        .startsWith("rule \"b\": selector \"p[\" is not valid: ");
  }

  @Test
  void findsNoProblemInAValidDefinition() {
    CrawlDefinition definition =
        CrawlDefinition.newBuilder()
            .setCrawlId("c")
            .setScope(CrawlScope.DOMAIN)
            .setRules(List.of(rule("title", "h1").build()))
            .build();

    assertThat(ExtractionRules.problems(definition)).isEmpty();
  }

  private static ExtractionRule.Builder rule(String name, String selector) {
    return ExtractionRule.newBuilder()
        .setName(name)
        .setSelector(selector)
        .setTake(ExtractionTake.TEXT)
        .setUrlPatterns(List.of());
  }
}
