package dev.trawl.producer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RejectionTest {

  @Test
  void showsARejectedLineWithFileLineAndReason() {
    Rejection rejection =
        new Rejection(
            7,
            "ftp://example.com/x",
            RejectReason.UNSUPPORTED_SCHEME,
            "unsupported scheme \"ftp\" (only http and https)");

    assertThat(rejection.report("urls.txt"))
        .isEqualTo(
            "urls.txt:7: unsupported scheme \"ftp\" (only http and https): ftp://example.com/x");
  }

  @Test
  void cutsLongLinesTo200CharactersAndEscapesControlCharacters() {
    String line = "http://example.com/\u001b[31m" + "x".repeat(300);
    Rejection rejection = new Rejection(1, line, RejectReason.ILLEGAL_CHARACTER, "bad");

    assertThat(rejection.report("-"))
        .isEqualTo("-:1: bad: http://example.com/\\u001B[31m" + "x".repeat(176) + "...");
  }
}
