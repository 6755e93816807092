package dev.trawl.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.runtime.config.Config;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class IntakeCommandTest {

  private static final Clock CLOCK = Clock.fixed(MixedInput.NOW, ZoneOffset.UTC);

  /** The options of the command with {@code args} parsed in {@code env}, not run. */
  private static Config parse(Map<String, String> env, String... args) {
    IntakeCommand command = new IntakeCommand(env, CLOCK);
    new CommandLine(command).parseArgs(args);
    return command.config();
  }

  @Test
  void readsEveryOptionFromTheEnvironmentUnlessGivenOnTheCommandLine() {
    Map<String, String> env =
        Map.of(
            "TRAWL_INTAKE_PORT", "9000",
            "TRAWL_INTAKE_HOST", "127.0.0.1",
            "TRAWL_INTAKE_MAX_BODY_BYTES", "1024",
            "TRAWL_INTAKE_TOKEN", "from-env",
            "TRAWL_INTAKE_THREADS", "2",
            "TRAWL_PRODUCER_TOPIC", "env.urls",
            "TRAWL_PRODUCER_SEND_TIMEOUT_MS", "5000");

    Config config = parse(env, "--port=0", "--token=s3cret", "--max-url-length=100");

    assertThat(new IntakeSettings(config))
        .isEqualTo(
            IntakeSettings.defaults()
                .with(IntakeSettings.PORT, 0)
                .with(IntakeSettings.HOST, "127.0.0.1")
                .with(IntakeSettings.MAX_BODY_BYTES, 1024L)
                .with(IntakeSettings.TOKEN, "s3cret")
                .with(IntakeSettings.THREADS, 2));
    assertThat(new PublishSettings(config))
        .isEqualTo(
            PublishSettings.defaults()
                .with(PublishSettings.TOPIC, "env.urls")
                .with(PublishSettings.MAX_URL_LENGTH, 100)
                .with(PublishSettings.SEND_TIMEOUT, Duration.ofSeconds(5)));
  }

  @Test
  void bindsToLoopbackUnlessATokenIsGiven() {
    assertThat(new IntakeSettings(parse(Map.of())).host()).isEqualTo("127.0.0.1");
    assertThat(new IntakeSettings(parse(Map.of(), "--host=0.0.0.0", "--token=t")).host())
        .isEqualTo("0.0.0.0");
    assertThatThrownBy(() -> new IntakeSettings(parse(Map.of(), "--host=0.0.0.0")))
        .hasMessage(
            "--host 0.0.0.0 serves other machines: give --token (or TRAWL_INTAKE_TOKEN) too, or"
                + " bind to 127.0.0.1");
  }

  @Test
  void servesWithoutATokenUnlessOneIsGiven() {
    assertThat(new IntakeSettings(parse(Map.of())).token()).isEmpty();
  }

  @Test
  void rejectsBadValuesNamingTheOptionAndNeverShowingTheToken() {
    assertThatThrownBy(() -> parse(Map.of(), "--port=65536"))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--port must be at most 65535, was 65536");
    assertThatThrownBy(() -> parse(Map.of(), "--threads=0"))
        .hasMessage("--threads must be at least 1, was 0");
    assertThatThrownBy(() -> parse(Map.of(), "--max-body-bytes=2147483640"))
        .hasMessage("--max-body-bytes must be at most 2147483639, was 2147483640");
    assertThatThrownBy(() -> parse(Map.of("TRAWL_INTAKE_TOKEN", " ")))
        .hasMessage("--token must not be empty, was (hidden) (from TRAWL_INTAKE_TOKEN)");
  }
}
