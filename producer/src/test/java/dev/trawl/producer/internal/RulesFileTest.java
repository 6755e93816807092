package dev.trawl.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.runtime.crawl.InvalidRuleException;
import dev.trawl.schemas.ExtractionRule;
import dev.trawl.schemas.ExtractionTake;
import dev.trawl.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RulesFileTest {

  @TempDir Path dir;

  @BeforeAll
  static void trustTrawlTypes() {
    Topics.all();
  }

  @Test
  void readsEveryFieldOfEachRuleWithTheDefaultsOfTheOthers() throws Exception {
    Path file =
        write(
            """
            # the rules of a price monitor
            rules:
              - name: price
                selector: .price
                regex: '([0-9]+[.,][0-9]{2})'
              - name: description
                selector: .description
                take: inner-html
                trim: false
              - name: images
                selector: img.gallery
                take: ATTRIBUTE
                attribute: abs:src
                all: true
                urlPatterns: ['/products/', '^https://']
            """);

    assertThat(RulesFile.read(file))
        .containsExactly(
            rule("price", ".price").setRegex("([0-9]+[.,][0-9]{2})").build(),
            rule("description", ".description")
                .setTake(ExtractionTake.INNER_HTML)
                .setTrim(false)
                .build(),
            rule("images", "img.gallery")
                .setTake(ExtractionTake.ATTRIBUTE)
                .setAttribute("abs:src")
                .setAll(true)
                .setUrlPatterns(List.of("/products/", "^https://"))
                .build());
  }

  @Test
  void saysWhichRuleAndFieldIsWrong() throws Exception {
    assertThatThrownBy(() -> RulesFile.read(write("rules:\n  - {name: p, selektor: .p}\n")))
        .isInstanceOf(InvalidRuleException.class)
        .hasMessageEndingWith(
            ": rules[0] (\"p\"): unknown field \"selektor\" (expected name, selector, take,"
                + " attribute, all, regex, trim, urlPatterns)");
    assertThatThrownBy(() -> RulesFile.read(write("rules:\n  - {name: p, selector: .p, all: 1}\n")))
        .hasMessageEndingWith(": rules[0] (\"p\").all must be true or false, not 1");
    assertThatThrownBy(() -> RulesFile.read(write("rules:\n  - {selector: .p}\n")))
        .hasMessageEndingWith(": rules[0]: a rule needs a name");
    assertThatThrownBy(
            () -> RulesFile.read(write("rules:\n  - {name: p, selector: .p, take: words}\n")))
        .hasMessageEndingWith(
            ": rules[0] (\"p\").take must be text, attribute, inner_html or outer_html, not"
                + " \"words\"");
    assertThatThrownBy(() -> RulesFile.read(write("fields: []\n")))
        .hasMessageEndingWith(" must hold rules: a list of rules");
    assertThatThrownBy(() -> RulesFile.read(write("rules: [\n")))
        .hasMessageContaining(" is not YAML: ");
    assertThatThrownBy(() -> RulesFile.read(dir.resolve("missing.yaml")))
        .hasMessageStartingWith("cannot read " + dir.resolve("missing.yaml"));
  }

  private Path write(String yaml) throws Exception {
    return Files.writeString(Files.createTempFile(dir, "rules", ".yaml"), yaml);
  }

  private static ExtractionRule.Builder rule(String name, String selector) {
    return ExtractionRule.newBuilder()
        .setName(name)
        .setSelector(selector)
        .setTake(ExtractionTake.TEXT)
        .setUrlPatterns(List.of());
  }
}
