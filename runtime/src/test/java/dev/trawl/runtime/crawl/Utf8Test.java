package dev.trawl.runtime.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8Test {

  private static final List<String> TEXTS =
      List.of("", "plain", "bücher", "€uro", "例え", "a😀b", "😀😀", "x\uD800y");

  @Test
  void measuresWhatUtf8EncodingWrites() {
    for (String text : TEXTS) {
      assertThat(Utf8.length(text))
          .as(text)
          .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
    }
  }

  @Test
  void cutsAtTheLastWholeCharacterThatFits() {
    assertThat(Utf8.prefix("plain", 3)).isEqualTo("pla");
    assertThat(Utf8.prefix("bücher", 2)).isEqualTo("b");
    assertThat(Utf8.prefix("bücher", 3)).isEqualTo("bü");
    assertThat(Utf8.prefix("a😀b", 4)).isEqualTo("a");
    assertThat(Utf8.prefix("a😀b", 5)).isEqualTo("a😀");
    assertThat(Utf8.prefix("plain", 5)).isSameAs("plain");
    assertThat(Utf8.prefix("plain", 0)).isEmpty();
    for (String text : TEXTS) {
      for (int max = 0; max <= 12; max++) {
        String cut = Utf8.prefix(text, max);
        assertThat(cut.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(max);
        assertThat(text).startsWith(cut);
      }
    }
  }
}
