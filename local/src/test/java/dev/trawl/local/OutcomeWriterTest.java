package dev.trawl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.producer.RejectReason;
import dev.trawl.producer.Rejection;
import dev.trawl.schemas.FinalOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeWriterTest {

  @Test
  void writesOneLineAnOutcomeWithTheUrlAsListed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.jsonl");
    Listing listing = new Listing();
    listing.accepted(2, "  HTTP://A.example:80/x#top ", "http://a.example/x");
    try (OutcomeWriter writer = new OutcomeWriter(file, listing)) {
      writer.write(
          new Outcome(
              "http://a.example/x",
              "a.example",
              FinalOutcome.FETCHED,
              0,
              200,
              "http://a.example/x",
              "Title",
              12,
              3,
              null,
              null));
      writer.write(
          new Outcome(
              "http://b.example/",
              "b.example",
              FinalOutcome.FAILED,
              1,
              0,
              null,
              null,
              null,
              null,
              "CONNECT",
              "Connection refused"));
    }

    assertThat(Files.readAllLines(file))
        .containsExactly(
            "{\"url\":\"HTTP://A.example:80/x#top\",\"normalizedUrl\":\"http://a.example/x\","
                + "\"line\":2,\"host\":\"a.example\",\"outcome\":\"FETCHED\",\"depth\":0,\"status\":200,"
                + "\"title\":\"Title\",\"wordCount\":12,\"outlinkCount\":3}",
            "{\"url\":\"http://b.example/\",\"host\":\"b.example\",\"outcome\":\"FAILED\","
                + "\"depth\":1,\"error\":{\"type\":\"CONNECT\",\"message\":\"Connection refused\"}}");
  }

  @Test
  void writesRejectedAndDuplicateLinesWithTheirLineNumbers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.jsonl");
    Listing listing = new Listing();
    listing.accepted(3, "http://a.example/x", "http://a.example/x");
    try (OutcomeWriter writer = new OutcomeWriter(file, listing)) {
      writer.rejected(
          new Rejection(
              4,
              " ftp://a.example/f",
              RejectReason.UNSUPPORTED_SCHEME,
              "unsupported scheme \"ftp\" (only http and https)"));
      writer.duplicate(5, "HTTP://a.example/x#top", "http://a.example/x", 3);
      writer.duplicate(6, "http://a.example/x", "http://a.example/x", 3);

      assertThat(writer.lines()).isEqualTo(3);
    }

    assertThat(Files.readAllLines(file))
        .containsExactly(
            "{\"url\":\"ftp://a.example/f\",\"line\":4,\"outcome\":\"REJECTED\",\"error\":"
                + "{\"type\":\"UNSUPPORTED_SCHEME\",\"message\":\"unsupported scheme \\\"ftp\\\""
                + " (only http and https)\"}}",
            "{\"url\":\"HTTP://a.example/x#top\",\"normalizedUrl\":\"http://a.example/x\","
                + "\"line\":5,\"outcome\":\"DUPLICATE\",\"firstLine\":3}",
            "{\"url\":\"http://a.example/x\",\"line\":6,\"outcome\":\"DUPLICATE\","
                + "\"firstLine\":3}");
  }
}
