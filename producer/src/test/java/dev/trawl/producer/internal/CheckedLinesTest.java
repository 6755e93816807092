package dev.trawl.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.producer.InputLine;
import dev.trawl.producer.UrlCheck;
import dev.trawl.producer.UrlSource;
import dev.trawl.producer.UrlValidator;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each test is bounded: taking a chunk waits for its checks on the pool. */
@Timeout(30)
class CheckedLinesTest {

  private final ExecutorService pool = Executors.newFixedThreadPool(3);

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @Test
  void handsBackEveryLineInInputOrderAcrossChunks() throws Exception {
    List<String> input = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    for (int i = 1; i <= 2_345; i++) {
      String line = i % 7 == 0 ? "not a url " + i : "http://h" + (i % 13) + ".example/" + i;
      input.add(i == 1 ? "\uFEFF" + line : line);
      expected.add(i + " " + line + " " + (i % 7 == 0 ? "Rejected" : "Accepted"));
    }
    CheckedLines<UrlCheck> lines =
        new CheckedLines<>(UrlSource.of(input), CheckedLinesTest::check, pool, 100, 4);

    assertThat(drain(lines)).containsExactlyElementsOf(expected);
  }

  @Test
  void raisesAReadErrorOnlyAfterTheLinesBeforeIt() throws Exception {
    List<String> input = List.of("http://a.example/1", "http://a.example/2", "http://a.example/3");
    int[] calls = {0};
    UrlSource failingAtLineFour =
        () -> {
          if (calls[0] == 3) {
            throw new MalformedInputException(1);
          }
          return input.get(calls[0]++);
        };
    CheckedLines<UrlCheck> lines =
        new CheckedLines<>(failingAtLineFour, CheckedLinesTest::check, pool, 2, 4);

    List<String> seen = new ArrayList<>();
    IOException error = null;
    for (CheckedLines.Chunk chunk = lines.next(); chunk != null; chunk = lines.next()) {
      for (int i = 0; i < chunk.size(); i++) {
        seen.add(chunk.lineNumber(i) + " " + chunk.line(i).text());
      }
      if (chunk.readError() != null) {
        error = chunk.readError();
      }
    }

    assertThat(seen)
        .containsExactly("1 http://a.example/1", "2 http://a.example/2", "3 http://a.example/3");
    assertThat(error).isInstanceOf(MalformedInputException.class);
  }

  private static UrlCheck check(InputLine line) {
    return new UrlValidator().check(line.text());
  }

  private static List<String> drain(CheckedLines<UrlCheck> lines) throws Exception {
    List<String> seen = new ArrayList<>();
    for (CheckedLines.Chunk chunk = lines.next(); chunk != null; chunk = lines.next()) {
      for (int i = 0; i < chunk.size(); i++) {
        UrlCheck check = lines.check(i);
        seen.add(
            chunk.lineNumber(i)
                + " "
                + chunk.line(i).text()
                + " "
                + check.getClass().getSimpleName());
      }
    }
    return seen;
  }
}
