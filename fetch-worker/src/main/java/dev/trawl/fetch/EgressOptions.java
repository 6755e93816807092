package dev.trawl.fetch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of {@link EgressSettings}, as a picocli mixin of the {@code fetch-worker} command:
 * the SSRF guard and the proxy pool.
 */
public final class EgressOptions {

  @Option(
      names = "--allow-private-network",
      negatable = true,
      defaultValue = "${env:TRAWL_FETCHER_ALLOW_PRIVATE_NETWORK:-false}",
      fallbackValue = "true",
      description =
          "Allow loopback, private, CGNAT and unique-local addresses; link-local and cloud metadata"
              + " stay refused (env TRAWL_FETCHER_ALLOW_PRIVATE_NETWORK, default ${DEFAULT-VALUE}).")
  boolean allowPrivateNetwork;

  @Option(
      names = "--allow-cidr",
      paramLabel = "CIDR",
      split = ",",
      defaultValue = "${env:TRAWL_FETCHER_ALLOW_CIDRS}",
      description =
          "Allow addresses in this block, repeatable; a link-local address needs a block inside"
              + " 169.254.0.0/16 or fe80::/10, such as 169.254.169.254/32 (env"
              + " TRAWL_FETCHER_ALLOW_CIDRS, comma-separated, default none).")
  List<String> allowCidrs;

  @Option(
      names = "--proxy",
      paramLabel = "URL",
      split = ",",
      defaultValue = "${env:TRAWL_FETCHER_PROXIES}",
      description =
          "A proxy, http://user:pass@host:port or socks5://user:pass@host:port, repeatable (env"
              + " TRAWL_FETCHER_PROXIES, comma-separated, default none: direct connections).")
  List<String> proxies;

  @Option(
      names = "--proxy-file",
      paramLabel = "PATH",
      defaultValue = "${env:TRAWL_FETCHER_PROXY_FILE}",
      description =
          "A file of proxy URLs, one a line, # comments, added to --proxy; for mounted secrets (env"
              + " TRAWL_FETCHER_PROXY_FILE, default none).")
  Path proxyFile;

  @Option(
      names = "--proxy-rotation",
      paramLabel = "MODE",
      defaultValue = "${env:TRAWL_FETCHER_PROXY_ROTATION:-round-robin}",
      description =
          "round-robin, random or sticky-host (env TRAWL_FETCHER_PROXY_ROTATION, default"
              + " ${DEFAULT-VALUE}).")
  String proxyRotation;

  @Option(
      names = "--proxy-failure-threshold",
      paramLabel = "N",
      defaultValue = "${env:TRAWL_FETCHER_PROXY_FAILURE_THRESHOLD:-3}",
      description =
          "Consecutive connection failures that bench a proxy (env"
              + " TRAWL_FETCHER_PROXY_FAILURE_THRESHOLD, default ${DEFAULT-VALUE}).")
  int proxyFailureThreshold;

  @Option(
      names = "--proxy-cooldown-ms",
      paramLabel = "MS",
      defaultValue = "${env:TRAWL_FETCHER_PROXY_COOLDOWN_MS:-60000}",
      description =
          "How long a benched proxy sits out (env TRAWL_FETCHER_PROXY_COOLDOWN_MS, default"
              + " ${DEFAULT-VALUE}).")
  long proxyCooldownMs;

  /**
   * The settings these options describe.
   *
   * @throws IllegalArgumentException naming the option and the bad value, or the unreadable file
   */
  public EgressSettings settings() {
    List<String> all = new ArrayList<>(nonBlank(proxies));
    if (proxyFile != null) {
      try {
        for (String line : Files.readAllLines(proxyFile)) {
          String url = line.strip();
          if (!url.isEmpty() && !url.startsWith("#")) {
            all.add(url);
          }
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("--proxy-file cannot read " + proxyFile + ": " + e);
      }
    }
    return new EgressSettings(
        allowPrivateNetwork,
        nonBlank(allowCidrs),
        all,
        proxyRotation,
        proxyFailureThreshold,
        Duration.ofMillis(proxyCooldownMs));
  }

  private static List<String> nonBlank(List<String> values) {
    return values == null
        ? List.of()
        : values.stream().map(String::strip).filter(v -> !v.isEmpty()).toList();
  }
}
