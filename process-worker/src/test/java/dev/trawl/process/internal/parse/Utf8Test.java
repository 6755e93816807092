package dev.trawl.process.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8Test {

  /** ASCII, 2-byte é, 3-byte €, 4-byte 😀 (a surrogate pair). */
  private static final String MIXED = "aé€😀";

  @Test
  void measuresAsTheEncoderWritesWithUnpairedSurrogatesNeverLow() {
    assertThat(
            List.of(
                Utf8.length(""),
                Utf8.length("abc"),
                Utf8.length(MIXED),
                Utf8.length("x\ud83d"),
                Utf8.length("\ude00x")))
        .containsExactly(0, 3, MIXED.getBytes(StandardCharsets.UTF_8).length, 4, 4);
  }

  @Test
  void cutsAtACharacterBoundaryNeverSplittingASurrogatePair() {
    assertThat(
            List.of(
                Utf8.prefix(MIXED, 10),
                Utf8.prefix(MIXED, 9),
                Utf8.prefix(MIXED, 6),
                Utf8.prefix(MIXED, 5),
                Utf8.prefix(MIXED, 2),
                Utf8.prefix(MIXED, 1),
                Utf8.prefix(MIXED, 0)))
        .containsExactly(MIXED, "aé€", "aé€", "aé", "a", "a", "");
  }

  @Test
  void returnsTheSameStringWhenItFits() {
    String text = "x".repeat(100);

    assertThat(Utf8.prefix(text, 100)).isSameAs(text);
    assertThat(Utf8.prefix(text, 99)).isEqualTo("x".repeat(99));
  }
}
