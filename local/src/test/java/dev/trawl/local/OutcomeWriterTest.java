package dev.trawl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.schemas.FinalOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeWriterTest {

  @Test
  void writesOneLineAnOutcomeWithTheUrlAsListed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.jsonl");
    try (OutcomeWriter writer =
        new OutcomeWriter(file, Map.of("http://a.example/x", "HTTP://A.example:80/x#top"))) {
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
                + "\"host\":\"a.example\",\"outcome\":\"FETCHED\",\"depth\":0,\"status\":200,"
                + "\"title\":\"Title\",\"wordCount\":12,\"outlinkCount\":3}",
            "{\"url\":\"http://b.example/\",\"host\":\"b.example\",\"outcome\":\"FAILED\","
                + "\"depth\":1,\"error\":{\"type\":\"CONNECT\",\"message\":\"Connection refused\"}}");
  }
}
