package dev.trawl.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code trawl demo}, the README's first command, as a person runs it (on a small site). */
class DemoCommandTest {

  @Test
  void crawlsTheDemoSiteToItsDepthAndPrintsTheSummary() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    DemoCommand demo =
        new DemoCommand(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());

    int exit =
        new CommandLine(demo)
            .execute(
                "--hosts",
                "2",
                "--pages-per-host",
                "30",
                "--depth",
                "1",
                "--partitions",
                "2",
                "--threads",
                "1");

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(exit).as(printed + err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(printed)
        .contains("Demo site: 2 hosts x 30 pages")
        .containsPattern("\\n[\\d,]+ URLs crawled in [\\d.]+ s: ")
        .contains("Shutting down...");
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("ERROR");
  }
}
