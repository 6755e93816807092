package dev.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.runtime.config.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class TrawlTest {

  @Test
  void everyRoleTakesAnOptionForEachOfItsSettingsAndNoOther() {
    CommandLine trawl = Trawl.commandLine();

    Roles.settings()
        .forEach(
            (role, settings) -> {
              List<String> options =
                  trawl.getSubcommands().get(role).getCommandSpec().options().stream()
                      .filter(o -> !o.usageHelp() && !o.versionHelp())
                      .map(OptionSpec::longestName)
                      .toList();
              assertThat(options)
                  .as(role)
                  .containsExactlyInAnyOrderElementsOf(
                      settings.stream().map(Setting::option).toList());
            });
  }

  @Test
  void aBadValueIsReportedWithTheOptionAndExitCodeTwo() {
    CommandLine trawl = Trawl.commandLine();
    StringWriter err = new StringWriter();
    trawl.setErr(new PrintWriter(err));

    int exit = trawl.execute("fetch-worker", "--max-in-flight", "0");

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).startsWith("--max-in-flight must be at least 1, was 0");
  }
}
