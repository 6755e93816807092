package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

class EgressOptionsTest {

  private static EgressSettings parse(String... args) {
    FetchWorkerCommand command = new FetchWorkerCommand();
    new CommandLine(command).parseArgs(args);
    return command.settings().egress();
  }

  @Test
  void guardsAndConnectsDirectlyByDefault() {
    assertThat(parse()).isEqualTo(EgressSettings.defaults());
    assertThat(EgressSettings.defaults())
        .isEqualTo(
            new EgressSettings(
                false, List.of(), List.of(), "round-robin", 3, Duration.ofSeconds(60)));
  }

  @Test
  void readsEveryOptionAndTheProxyFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("proxies");
    Files.writeString(
        file, "# mounted secret\nsocks5://c:pc@127.0.0.1:1080\n\n  http://d:pd@127.0.0.1:3129  \n");

    EgressSettings settings =
        parse(
            "--allow-private-network",
            "--allow-cidr=169.254.169.254/32",
            "--allow-cidr=10.0.0.0/8,fd00::/8",
            "--proxy=http://a:pa@127.0.0.1:3128",
            "--proxy=http://b:pb@127.0.0.1:3127",
            "--proxy-file=" + file,
            "--proxy-rotation=sticky-host",
            "--proxy-failure-threshold=5",
            "--proxy-cooldown-ms=1500");

    assertThat(settings)
        .isEqualTo(
            new EgressSettings(
                true,
                List.of("169.254.169.254/32", "10.0.0.0/8", "fd00::/8"),
                List.of(
                    "http://a:pa@127.0.0.1:3128",
                    "http://b:pb@127.0.0.1:3127",
                    "socks5://c:pc@127.0.0.1:1080",
                    "http://d:pd@127.0.0.1:3129"),
                "sticky-host",
                5,
                Duration.ofMillis(1500)));
    assertThat(settings.toString())
        .isEqualTo(
            "EgressSettings[allowPrivateNetwork=true, allowCidrs=[169.254.169.254/32, 10.0.0.0/8,"
                + " fd00::/8], proxies=[http://127.0.0.1:3128, http://127.0.0.1:3127,"
                + " socks5://127.0.0.1:1080, http://127.0.0.1:3129], proxyRotation=sticky-host,"
                + " proxyFailureThreshold=5, proxyCooldown=PT1.5S]");
  }

  @Test
  void namesTheOptionAndTheBadValue(@TempDir Path dir) {
    assertThatThrownBy(() -> parse("--allow-cidr=10.0.0.0/40"))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--allow-cidr: not a CIDR block: '10.0.0.0/40'");
    assertThatThrownBy(() -> parse("--proxy=ftp://u:secret@127.0.0.1:21"))
        .hasMessage(
            "--proxy: proxy URL 'ftp://***@127.0.0.1:21' must start with http://, https:// or"
                + " socks5://");
    assertThatThrownBy(() -> parse("--proxy-rotation=fastest"))
        .hasMessage("--proxy-rotation must be round-robin, random or sticky-host, was 'fastest'");
    assertThatThrownBy(() -> parse("--proxy-failure-threshold=0"))
        .hasMessage("--proxy-failure-threshold must be at least 1, was 0");
    assertThatThrownBy(() -> parse("--proxy-cooldown-ms=-1"))
        .hasMessage("--proxy-cooldown-ms must not be negative, was -1");
    Path missing = dir.resolve("missing");
    assertThatThrownBy(() -> parse("--proxy-file=" + missing))
        .hasMessageStartingWith("--proxy-file cannot read " + missing + ": ");
  }
}
