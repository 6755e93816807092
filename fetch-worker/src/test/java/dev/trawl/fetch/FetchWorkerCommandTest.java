package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class FetchWorkerCommandTest {

  private static FetchWorkerCommand parse(String... args) {
    FetchWorkerCommand command = new FetchWorkerCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void defaultsToTheDocumentedSettings() {
    assertThat(parse().settings()).isEqualTo(FetchSettings.defaults());
  }

  @Test
  void readsEveryOption() {
    FetchSettings settings =
        parse(
                "--group-id=g",
                "--max-in-flight=100",
                "--host-max-in-flight=3",
                "--connect-timeout-ms=700",
                "--timeout-ms=9000",
                "--content-limit-bytes=65536",
                "--user-agent=bot/2",
                "--max-redirects=2",
                "--commit-interval-ms=250",
                "--shutdown-grace-ms=0")
            .settings();

    assertThat(settings)
        .isEqualTo(
            FetchSettings.defaults()
                .withGroupId("g")
                .withLimits(100, 3, 400)
                .withTimeouts(Duration.ofMillis(700), Duration.ofMillis(9000))
                .withContentLimitBytes(65536)
                .withUserAgent("bot/2")
                .withMaxRedirects(2)
                .withCommitInterval(Duration.ofMillis(250))
                .withShutdownGrace(Duration.ZERO));
  }

  @Test
  void readsThePolicyOptions() {
    FetchSettings settings =
        parse(
                "--host-delay-ms=250",
                "--no-robots",
                "--robots-agent=mybot",
                "--max-attempts=5",
                "--retry-base-delay-ms=100",
                "--retry-max-delay-ms=900",
                "--revoke-grace-ms=0")
            .settings();

    assertThat(settings.policy())
        .isEqualTo(
            new FetchPolicy(
                Duration.ofMillis(250),
                false,
                "mybot",
                5,
                Duration.ofMillis(100),
                Duration.ofMillis(900),
                Duration.ZERO));
  }

  @Test
  void obeysRobotsTxtAsTrawlWithThreeAttemptsByDefault() {
    assertThat(parse().settings().policy()).isEqualTo(FetchPolicy.defaults());
    assertThat(FetchPolicy.defaults())
        .isEqualTo(
            new FetchPolicy(
                Duration.ZERO,
                true,
                "trawl",
                3,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                Duration.ofSeconds(2)));
  }

  @Test
  void rejectsBadPolicyValuesNamingTheOption() {
    assertThatThrownBy(() -> parse("--max-attempts=0").settings())
        .isInstanceOf(ParameterException.class)
        .hasMessage("--max-attempts must be at least 1, was 0");
    assertThatThrownBy(() -> parse("--host-delay-ms=-1").settings())
        .hasMessage("--host-delay-ms must not be negative, was -1");
    assertThatThrownBy(
            () -> parse("--retry-base-delay-ms=500", "--retry-max-delay-ms=100").settings())
        .hasMessage("--retry-max-delay-ms must be at least --retry-base-delay-ms (500), was 100");
    assertThatThrownBy(() -> parse("--robots-agent= ").settings())
        .hasMessage("--robots-agent must not be empty, was ' '");
  }

  @Test
  void readsTheContentOptions() {
    FetchSettings settings =
        parse("--allowed-content-types=text/html,text/*", "--body-budget-bytes=4194304").settings();

    assertThat(settings.content())
        .isEqualTo(new ContentSettings(List.of("text/html", "text/*"), 4_194_304));
  }

  @Test
  void rejectsBadContentValuesNamingTheOption() {
    assertThatThrownBy(() -> parse("--body-budget-bytes=1000").settings())
        .isInstanceOf(ParameterException.class)
        .hasMessage(
            "--body-budget-bytes must be at least --content-limit-bytes (2097152), was 1000");
    assertThatThrownBy(() -> parse("--allowed-content-types=html").settings())
        .isInstanceOf(ParameterException.class)
        .hasMessage("--allowed-content-types: 'html' is not a media type like text/html or text/*");
  }

  @Test
  void takesAnExplicitBufferLimit() {
    assertThat(parse("--max-buffered=7").settings().maxBuffered()).isEqualTo(7);
  }

  @Test
  void rejectsABadValueNamingTheOption() {
    FetchWorkerCommand command = parse("--host-max-in-flight=0");

    assertThatThrownBy(command::settings)
        .isInstanceOf(ParameterException.class)
        .hasMessage("--host-max-in-flight must be at least 1, was 0");
  }

  @Test
  void exitsWithAUsageErrorBeforeConnectingAnywhere() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new FetchWorkerCommand());
    commandLine.setErr(new PrintWriter(err));

    int exitCode = commandLine.execute("--max-in-flight=0", "--admin-port=-1");

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString()).startsWith("--max-in-flight must be at least 1, was 0");
  }

  @Test
  void isNamedForTheLauncher() {
    assertThat(new CommandLine(new FetchWorkerCommand()).getCommandName())
        .isEqualTo("fetch-worker");
  }
}
