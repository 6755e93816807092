package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.runtime.PageLimits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class FetchWorkerCommandTest {

  /** The settings of the command with {@code args} parsed in {@code env}, not run. */
  private static FetchSettings parse(Map<String, String> env, String... args) {
    FetchWorkerCommand command = new FetchWorkerCommand(env);
    new CommandLine(command).parseArgs(args);
    return command.settings(command.config());
  }

  private static FetchSettings parse(String... args) {
    return parse(Map.of(), args);
  }

  @Test
  void defaultsToTheDocumentedSettings() {
    assertThat(parse()).isEqualTo(FetchSettings.defaults());
  }

  @Test
  void readsEveryOption() {
    FetchSettings settings =
        parse(
            "--group-id=g",
            "--max-in-flight=100",
            "--host-max-in-flight=3",
            "--max-buffered=7",
            "--connect-timeout-ms=700",
            "--timeout-ms=9000",
            "--content-limit-bytes=65536",
            "--user-agent=bot/2",
            "--max-redirects=2",
            "--commit-interval-ms=250",
            "--shutdown-grace-ms=0");

    assertThat(settings)
        .isEqualTo(
            FetchSettings.defaults()
                .with(FetchSettings.GROUP_ID, "g")
                .with(FetchSettings.MAX_IN_FLIGHT, 100)
                .with(FetchSettings.HOST_MAX_IN_FLIGHT, 3)
                .with(FetchSettings.MAX_BUFFERED, 7)
                .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofMillis(700))
                .with(FetchSettings.TIMEOUT, Duration.ofMillis(9000))
                .with(PageLimits.CONTENT_LIMIT_BYTES, 65536)
                .with(FetchSettings.USER_AGENT, "bot/2")
                .with(FetchSettings.MAX_REDIRECTS, 2)
                .with(FetchSettings.COMMIT_INTERVAL, Duration.ofMillis(250))
                .with(FetchSettings.SHUTDOWN_GRACE, Duration.ZERO));
  }

  @Test
  void readsThePolicyOptions() {
    FetchSettings settings =
        parse(
            "--host-delay-ms=250",
            "--no-robots",
            "--robots-agent=mybot",
            "--robots-timeout-ms=2500",
            "--max-attempts=5",
            "--retry-base-delay-ms=100",
            "--retry-max-delay-ms=900",
            "--revoke-grace-ms=0");

    assertThat(settings.policy())
        .isEqualTo(
            FetchPolicy.defaults()
                .with(FetchPolicy.HOST_DELAY, Duration.ofMillis(250))
                .with(FetchPolicy.ROBOTS, false)
                .with(FetchPolicy.ROBOTS_AGENT, "mybot")
                .with(FetchPolicy.ROBOTS_TIMEOUT, Duration.ofMillis(2500))
                .with(FetchPolicy.MAX_ATTEMPTS, 5)
                .with(FetchPolicy.RETRY_BASE_DELAY, Duration.ofMillis(100))
                .with(FetchPolicy.RETRY_MAX_DELAY, Duration.ofMillis(900))
                .with(FetchPolicy.REVOKE_GRACE, Duration.ZERO));
  }

  @Test
  void readsTheEgressOptionsAndTheProxyFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("proxies");
    Files.writeString(
        file, "# mounted secret\nsocks5://c:pc@127.0.0.1:1080\n\n  http://d:pd@127.0.0.1:3129  \n");

    EgressSettings egress =
        parse(
                "--allow-private-network",
                "--allow-cidr=169.254.169.254/32",
                "--allow-cidr=10.0.0.0/8,fd00::/8",
                "--proxy=http://a:pa@127.0.0.1:3128",
                "--proxy=http://b:pb@127.0.0.1:3127",
                "--proxy-file=" + file,
                "--proxy-rotation=sticky-host",
                "--proxy-failure-threshold=5",
                "--proxy-cooldown-ms=1500")
            .egress();

    assertThat(egress)
        .isEqualTo(
            EgressSettings.defaults()
                .with(EgressSettings.ALLOW_PRIVATE_NETWORK, true)
                .with(
                    EgressSettings.ALLOW_CIDR,
                    List.of("169.254.169.254/32", "10.0.0.0/8", "fd00::/8"))
                .with(
                    EgressSettings.PROXY,
                    List.of("http://a:pa@127.0.0.1:3128", "http://b:pb@127.0.0.1:3127"))
                .with(EgressSettings.PROXY_FILE, EgressSettings.ProxyFile.read(file))
                .with(EgressSettings.PROXY_ROTATION, "sticky-host")
                .with(EgressSettings.PROXY_FAILURE_THRESHOLD, 5)
                .with(EgressSettings.PROXY_COOLDOWN, Duration.ofMillis(1500)));
    assertThat(egress.proxies())
        .containsExactly(
            "http://a:pa@127.0.0.1:3128",
            "http://b:pb@127.0.0.1:3127",
            "socks5://c:pc@127.0.0.1:1080",
            "http://d:pd@127.0.0.1:3129");
  }

  @Test
  void readsTheContentOptions() {
    FetchSettings settings =
        parse("--allowed-content-types=text/html,text/*", "--body-budget-bytes=4194304");

    assertThat(settings.content())
        .isEqualTo(
            ContentSettings.defaults()
                .with(ContentSettings.ALLOWED_CONTENT_TYPES, List.of("text/html", "text/*"))
                .with(ContentSettings.BODY_BUDGET_BYTES, 4_194_304L));
  }

  @Test
  void readsEveryOptionFromItsEnvironmentVariable() {
    Map<String, String> env =
        Map.ofEntries(
            Map.entry("TRAWL_FETCHER_GROUP_ID", "g"),
            Map.entry("TRAWL_FETCHER_MAX_IN_FLIGHT", "100"),
            Map.entry("TRAWL_FETCHER_HOST_MAX_IN_FLIGHT", "3"),
            Map.entry("TRAWL_FETCHER_MAX_BUFFERED", "7"),
            Map.entry("TRAWL_FETCHER_CONNECT_TIMEOUT_MS", "700"),
            Map.entry("TRAWL_FETCHER_TIMEOUT_MS", "9000"),
            Map.entry("TRAWL_FETCHER_CONTENT_LIMIT_BYTES", "65536"),
            Map.entry("TRAWL_FETCHER_USER_AGENT", "bot/2"),
            Map.entry("TRAWL_FETCHER_MAX_REDIRECTS", "2"),
            Map.entry("TRAWL_FETCHER_COMMIT_INTERVAL_MS", "250"),
            Map.entry("TRAWL_FETCHER_SHUTDOWN_GRACE_MS", "0"),
            Map.entry("TRAWL_FETCHER_HOST_DELAY_MS", "250"),
            Map.entry("TRAWL_FETCHER_ROBOTS", "false"),
            Map.entry("TRAWL_FETCHER_ROBOTS_AGENT", "mybot"),
            Map.entry("TRAWL_FETCHER_ROBOTS_TIMEOUT_MS", "2500"),
            Map.entry("TRAWL_FETCHER_MAX_ATTEMPTS", "5"),
            Map.entry("TRAWL_FETCHER_RETRY_BASE_DELAY_MS", "100"),
            Map.entry("TRAWL_FETCHER_RETRY_MAX_DELAY_MS", "900"),
            Map.entry("TRAWL_FETCHER_REVOKE_GRACE_MS", "0"),
            Map.entry("TRAWL_FETCHER_ALLOW_PRIVATE_NETWORK", "true"),
            Map.entry("TRAWL_FETCHER_ALLOW_CIDRS", "10.0.0.0/8,fd00::/8"),
            Map.entry("TRAWL_FETCHER_PROXIES", "http://a:pa@127.0.0.1:3128"),
            Map.entry("TRAWL_FETCHER_PROXY_ROTATION", "random"),
            Map.entry("TRAWL_FETCHER_PROXY_FAILURE_THRESHOLD", "5"),
            Map.entry("TRAWL_FETCHER_PROXY_COOLDOWN_MS", "1500"),
            Map.entry("TRAWL_FETCHER_ALLOWED_CONTENT_TYPES", "text/*"),
            Map.entry("TRAWL_FETCHER_BODY_BUDGET_BYTES", "4194304"));
    String[] sameOnTheCommandLine = {
      "--group-id=g",
      "--max-in-flight=100",
      "--host-max-in-flight=3",
      "--max-buffered=7",
      "--connect-timeout-ms=700",
      "--timeout-ms=9000",
      "--content-limit-bytes=65536",
      "--user-agent=bot/2",
      "--max-redirects=2",
      "--commit-interval-ms=250",
      "--shutdown-grace-ms=0",
      "--host-delay-ms=250",
      "--no-robots",
      "--robots-agent=mybot",
      "--robots-timeout-ms=2500",
      "--max-attempts=5",
      "--retry-base-delay-ms=100",
      "--retry-max-delay-ms=900",
      "--revoke-grace-ms=0",
      "--allow-private-network",
      "--allow-cidr=10.0.0.0/8,fd00::/8",
      "--proxy=http://a:pa@127.0.0.1:3128",
      "--proxy-rotation=random",
      "--proxy-failure-threshold=5",
      "--proxy-cooldown-ms=1500",
      "--allowed-content-types=text/*",
      "--body-budget-bytes=4194304"
    };

    FetchSettings fromEnv = parse(env);

    assertThat(fromEnv).isEqualTo(parse(sameOnTheCommandLine)).isNotEqualTo(parse());
  }

  @Test
  void theCommandLineWinsOverTheEnvironment() {
    FetchSettings settings =
        parse(Map.of("TRAWL_FETCHER_MAX_IN_FLIGHT", "100"), "--max-in-flight=20");

    assertThat(settings.maxInFlight()).isEqualTo(20);
  }

  @Test
  void rejectsBadValuesNamingTheOption() {
    assertThatThrownBy(() -> parse("--host-max-in-flight=0"))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--host-max-in-flight must be at least 1, was 0");
    assertThatThrownBy(() -> parse("--max-attempts=0"))
        .hasMessage("--max-attempts must be at least 1, was 0");
    assertThatThrownBy(() -> parse("--max-redirects=21"))
        .hasMessage("--max-redirects must be at most 20, was 21");
    assertThatThrownBy(() -> parse("--host-delay-ms=-1"))
        .hasMessage("--host-delay-ms must be at least 0, was -1");
    assertThatThrownBy(() -> parse("--robots-agent= "))
        .hasMessage("--robots-agent must not be empty, was ' '");
    assertThatThrownBy(() -> parse("--allowed-content-types=html"))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--allowed-content-types: 'html' is not a media type like text/html or text/*");
    assertThatThrownBy(() -> parse(Map.of("TRAWL_FETCHER_TIMEOUT_MS", "soon")))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--timeout-ms: 'soon' is not a whole number (from TRAWL_FETCHER_TIMEOUT_MS)");
  }

  @Test
  void rejectsOptionsThatDoNotFitTogetherNamingBoth() {
    assertThatThrownBy(() -> parse("--retry-base-delay-ms=500", "--retry-max-delay-ms=100"))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--retry-max-delay-ms must be at least --retry-base-delay-ms (500), was 100");
    assertThatThrownBy(() -> parse("--content-limit-bytes=4096", "--body-budget-bytes=1000"))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--body-budget-bytes must be at least --content-limit-bytes (4096), was 1000");
  }

  @Test
  void exitsWithAUsageErrorBeforeConnectingAnywhere() {
    StringWriter err = new StringWriter();
    CommandLine commandLine = new CommandLine(new FetchWorkerCommand(Map.of()));
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
