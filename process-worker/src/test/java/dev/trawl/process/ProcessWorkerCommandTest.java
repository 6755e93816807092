package dev.trawl.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

class ProcessWorkerCommandTest {

  /** The command with {@code args} parsed, not run. */
  private static ProcessWorkerCommand parse(String... args) {
    ProcessWorkerCommand command = new ProcessWorkerCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void buildsSettingsFromItsOptions() {
    ProcessWorkerCommand command =
        parse(
            "--application-id=demo",
            "--threads=3",
            "--state-dir=/var/lib/trawl",
            "--content-limit-bytes=1024",
            "--outlink-cap=7",
            "--commit-interval-ms=250",
            "--stats-window-ms=5000",
            "--stats-grace-ms=0",
            "--standby-replicas=1");

    assertThat(command.settings())
        .isEqualTo(
            new ProcessSettings(
                "demo",
                3,
                Path.of("/var/lib/trawl"),
                1024,
                7,
                Duration.ofMillis(250),
                Duration.ofSeconds(5),
                Duration.ZERO,
                1));
  }

  @Test
  void defaultsMatchTheLibraryDefaults() {
    assertThat(parse().settings()).isEqualTo(ProcessSettings.defaults());
  }

  @Test
  void rejectsBadValuesNamingTheOptionAndTheValue() {
    assertThatThrownBy(() -> parse("--threads=-1").settings())
        .isInstanceOf(ParameterException.class)
        .hasMessage("--threads must be >= 0, was -1");
    assertThatThrownBy(() -> parse("--outlink-cap=-2").settings())
        .hasMessage("--outlink-cap must be >= 0, was -2");
    assertThatThrownBy(() -> parse("--content-limit-bytes=0").settings())
        .hasMessage("--content-limit-bytes must be >= 1, was 0");
    assertThatThrownBy(() -> parse("--commit-interval-ms=0").settings())
        .hasMessage("--commit-interval-ms must be >= 1, was 0");
    assertThatThrownBy(() -> parse("--stats-window-ms=0").settings())
        .hasMessage("--stats-window-ms must be >= 1, was 0");
    assertThatThrownBy(() -> parse("--stats-grace-ms=-1").settings())
        .hasMessage("--stats-grace-ms must be >= 0, was -1");
    assertThatThrownBy(() -> parse("--standby-replicas=-1").settings())
        .hasMessage("--standby-replicas must be >= 0, was -1");
    assertThatThrownBy(() -> parse("--application-id=a/b").settings())
        .hasMessage("--application-id must be letters, digits, '.', '_' or '-', was 'a/b'");
  }

  @Test
  void documentsEveryOptionWithItsEnvironmentVariable() {
    Map<String, String> envByOption = new TreeMap<>();
    for (OptionSpec option :
        new CommandLine(new ProcessWorkerCommand()).getCommandSpec().options()) {
      Matcher env =
          Pattern.compile("\\(env (TRAWL_[A-Z_<>]+)")
              .matcher(String.join(" ", option.description()));
      envByOption.put(option.longestName(), env.find() ? env.group(1) : "none");
    }

    assertThat(envByOption)
        .isEqualTo(
            Map.ofEntries(
                Map.entry("--admin-host", "TRAWL_ADMIN_HOST"),
                Map.entry("--admin-port", "TRAWL_ADMIN_PORT"),
                Map.entry("--application-id", "TRAWL_PROCESS_APPLICATION_ID"),
                Map.entry("--bootstrap-servers", "TRAWL_BOOTSTRAP_SERVERS"),
                Map.entry("--commit-interval-ms", "TRAWL_PROCESS_COMMIT_INTERVAL_MS"),
                Map.entry("--content-limit-bytes", "TRAWL_FETCHER_CONTENT_LIMIT_BYTES"),
                Map.entry("--help", "none"),
                Map.entry("--kafka-property", "TRAWL_KAFKA_<KEY>"),
                Map.entry("--outlink-cap", "TRAWL_PROCESS_OUTLINK_CAP"),
                Map.entry("--shutdown-grace-ms", "TRAWL_PROCESS_SHUTDOWN_GRACE_MS"),
                Map.entry("--standby-replicas", "TRAWL_PROCESS_STANDBY_REPLICAS"),
                Map.entry("--stats-grace-ms", "TRAWL_PROCESS_STATS_GRACE_MS"),
                Map.entry("--stats-window-ms", "TRAWL_PROCESS_STATS_WINDOW_MS"),
                Map.entry("--state-dir", "TRAWL_PROCESS_STATE_DIR"),
                Map.entry("--threads", "TRAWL_PROCESS_THREADS"),
                Map.entry("--version", "none")));
  }
}
