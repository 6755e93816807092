package dev.trawl.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.runtime.crawl.InvalidRuleException;
import dev.trawl.schemas.ExtractionRule;
import dev.trawl.schemas.ExtractionTake;
import dev.trawl.schemas.Topics;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExtractSyntaxTest {

  @BeforeAll
  static void trustTrawlTypes() {
    Topics.all();
  }

  @Test
  void takesTextOfTheFirstMatchByDefault() {
    assertThat(ExtractSyntax.parse("price=.price")).isEqualTo(rule("price", ".price").build());
    assertThat(ExtractSyntax.parse(" price = .price::text"))
        .isEqualTo(rule("price", ".price").build());
  }

  @Test
  void readsEverySuffix() {
    assertThat(ExtractSyntax.parse("image=img.main::attr(abs:src)"))
        .isEqualTo(
            rule("image", "img.main")
                .setTake(ExtractionTake.ATTRIBUTE)
                .setAttribute("abs:src")
                .build());
    assertThat(ExtractSyntax.parse("body=.desc::html::raw"))
        .isEqualTo(rule("body", ".desc").setTake(ExtractionTake.INNER_HTML).setTrim(false).build());
    assertThat(ExtractSyntax.parse("box=.box::outer-html"))
        .isEqualTo(rule("box", ".box").setTake(ExtractionTake.OUTER_HTML).build());
    assertThat(ExtractSyntax.parse("tags=ul.tags > li::all::text"))
        .isEqualTo(rule("tags", "ul.tags > li").setAll(true).build());
    assertThat(ExtractSyntax.parse("sku=.sku::re(SKU: (\\w+))::url(/p/\\d+)::url(^https:)"))
        .isEqualTo(
            rule("sku", ".sku")
                .setRegex("SKU: (\\w+)")
                .setUrlPatterns(List.of("/p/\\d+", "^https:"))
                .build());
  }

  @Test
  void keepsDoubleColonsInsideBracketsQuotesAndRegexes() {
    assertThat(ExtractSyntax.parse("t=a[title='x::text']::text"))
        .isEqualTo(rule("t", "a[title='x::text']").build());
    assertThat(ExtractSyntax.parse("t=p:contains(a::all)"))
        .isEqualTo(rule("t", "p:contains(a::all)").build());
    assertThat(ExtractSyntax.parse("time=.t::re((\\d+)::(\\d+))::all"))
        .isEqualTo(rule("time", ".t").setRegex("(\\d+)::(\\d+)").setAll(true).build());
  }

  @Test
  void refusesWhatItCannotReadNamingTheRule() {
    assertThatThrownBy(() -> ExtractSyntax.parse(".price::text"))
        .isInstanceOf(InvalidRuleException.class)
        .hasMessage("'.price::text' is not " + ExtractSyntax.FORM);
    assertThatThrownBy(() -> ExtractSyntax.parse("p=.price::txt"))
        .hasMessage("rule \"p\": unknown suffix '::txt' (the form is " + ExtractSyntax.FORM + ")");
    assertThatThrownBy(() -> ExtractSyntax.parse("p=.price::attr"))
        .hasMessage("rule \"p\": '::attr' needs an argument: ::attr(...)");
    assertThatThrownBy(() -> ExtractSyntax.parse("p=.price::re(a"))
        .hasMessage("rule \"p\": '::re(' has no closing ')'");
    assertThatThrownBy(() -> ExtractSyntax.parse("p=.price::text::html"))
        .hasMessage("rule \"p\": takes two things: ::text and ::html");
    assertThatThrownBy(() -> ExtractSyntax.parse("p=div["))
        .hasMessageStartingWith("rule \"p\": selector \"div[\" is not valid: ");
    assertThatThrownBy(() -> ExtractSyntax.parse("p=.price::re(()"))
        .hasMessage("rule \"p\": regex \"(\" is not valid: Unclosed group near index 1");
  }

  private static ExtractionRule.Builder rule(String name, String selector) {
    return ExtractionRule.newBuilder()
        .setName(name)
        .setSelector(selector)
        .setTake(ExtractionTake.TEXT)
        .setUrlPatterns(List.of());
  }
}
