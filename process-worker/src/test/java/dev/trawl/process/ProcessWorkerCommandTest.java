package dev.trawl.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.runtime.PageLimits;
import dev.trawl.runtime.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class ProcessWorkerCommandTest {

  /** The options of the command with {@code args} parsed in {@code env}, not run. */
  private static Config parse(Map<String, String> env, String... args) {
    ProcessWorkerCommand command = new ProcessWorkerCommand(env);
    new CommandLine(command).parseArgs(args);
    return command.config();
  }

  @Test
  void buildsSettingsFromItsOptionsAndTheEnvironment() {
    Config config =
        parse(
            Map.of("TRAWL_PROCESS_THREADS", "3", "TRAWL_PROCESS_OUTLINK_CAP", "9"),
            "--application-id=demo",
            "--state-dir=/var/lib/trawl",
            "--content-limit-bytes=1024",
            "--outlink-cap=7",
            "--commit-interval-ms=250",
            "--stats-window-ms=5000",
            "--stats-grace-ms=0",
            "--standby-replicas=1",
            "--admin-port=-1",
            "--bootstrap-servers=k:9092");

    assertThat(new ProcessSettings(config))
        .isEqualTo(
            ProcessSettings.defaults()
                .with(ProcessSettings.APPLICATION_ID, "demo")
                .with(ProcessSettings.THREADS, 3)
                .with(ProcessSettings.STATE_DIR, Path.of("/var/lib/trawl"))
                .with(PageLimits.CONTENT_LIMIT_BYTES, 1024)
                .with(ProcessSettings.OUTLINK_CAP, 7)
                .with(ProcessSettings.COMMIT_INTERVAL, Duration.ofMillis(250))
                .with(ProcessSettings.STATS_WINDOW, Duration.ofSeconds(5))
                .with(ProcessSettings.STATS_GRACE, Duration.ZERO)
                .with(ProcessSettings.STANDBY_REPLICAS, 1));
  }

  @Test
  void rejectsBadValuesNamingTheOptionTheValueAndTheVariable() {
    assertThatThrownBy(() -> parse(Map.of(), "--threads=-1"))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--threads must be at least 0, was -1");
    assertThatThrownBy(() -> parse(Map.of("TRAWL_PROCESS_STATS_GRACE_MS", "soon")))
        .isInstanceOf(ParameterException.class)
        .hasMessage(
            "--stats-grace-ms: 'soon' is not a whole number (from TRAWL_PROCESS_STATS_GRACE_MS)");
    assertThatThrownBy(() -> parse(Map.of(), "--application-id=a/b"))
        .hasMessage("--application-id must be letters, digits, '.', '_' or '-', was 'a/b'");
  }
}
