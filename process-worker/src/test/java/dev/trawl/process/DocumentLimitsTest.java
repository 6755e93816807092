package dev.trawl.process;

import static dev.trawl.process.Pages.html;
import static dev.trawl.process.Pages.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.runtime.crawl.ExtractionRules;
import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.ExtractionRule;
import dev.trawl.schemas.FieldErrorType;
import dev.trawl.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The largest Document a page can make stays far below Kafka's record limit. */
class DocumentLimitsTest {

  @Test
  void keepsADocumentWithEveryPartAtItsCapFarBelowTheRecordLimit() {
    Document document =
        new PageParser(1_000_000, Duration.ofMinutes(1))
            .parse(
                html(request("http://example.com/", "example.com"), everythingTooLong()),
                Extraction.of(definition()));
    int bytes = Topics.DOCUMENTS.valueSerde().serializer().serialize("t", document).length;

    assertThat(document.getCapped())
        .contains(
            "title",
            "description",
            "language",
            "outlinks",
            "fields." + name(0),
            "fields." + name(2),
            "structured.openGraph",
            "structured.microdata",
            "mainText");
    assertThat(document.getFieldErrors())
        .hasSize(ExtractionRules.MAX_RULES / 2)
        .allMatch(e -> e.getError() == FieldErrorType.INVALID_RULE);
    assertThat(document.getMainText()).hasSize(DocumentLimits.MAX_MAIN_TEXT_BYTES);
    assertThat(bytes).isBetween(500_000, 560_000);
  }

  /** A page with more of everything than a document keeps. */
  private static String everythingTooLong() {
    StringBuilder page =
        new StringBuilder(
            "<html lang=%s><title>%s</title><meta name=description content=%s>"
                .formatted("l".repeat(10_000), "t".repeat(100_000), "d".repeat(100_000)));
    for (int i = 0; i < 200; i++) {
      page.append("<meta property=og:p%03d content=%s>".formatted(i, "o".repeat(3_000)));
    }
    for (int i = 0; i < 5_000; i++) {
      page.append("<a href=http://example.com/%05d-%s></a>".formatted(i, "q".repeat(75)));
    }
    page.append("<ul>");
    for (int i = 0; i < 20; i++) {
      page.append("<li class=v>").append("v".repeat(10_000)).append("</li>");
    }
    page.append("</ul><div itemscope itemtype=https://schema.org/Thing>");
    for (int i = 0; i < 2_000; i++) {
      page.append("<span itemprop=p>").append("m".repeat(100)).append("</span>");
    }
    return page.append("</div><main>").append("word ".repeat(60_000)).append("</main>").toString();
  }

  /** A rule name of the longest length. */
  private static String name(int rule) {
    return "r%02d".formatted(rule) + "n".repeat(ExtractionRules.MAX_NAME_CHARS - 3);
  }

  /** Half the rules fill the fields' budget, the other half cannot be compiled. */
  private static CrawlDefinition definition() {
    List<ExtractionRule> rules = new ArrayList<>();
    for (int i = 0; i < ExtractionRules.MAX_RULES; i++) {
      String selector = i % 2 == 0 ? "li.v" : "[" + "x".repeat(1_000);
      rules.add(PageFixturesTest.rule(name(i), selector).setAll(true).build());
    }
    return CrawlDefinition.newBuilder()
        .setCrawlId(Pages.CRAWL)
        .setScope(CrawlScope.HOST)
        .setRules(rules)
        .setMainText(true)
        .setMainTextMaxBytes(DocumentLimits.MAX_MAIN_TEXT_BYTES)
        .build();
  }
}
