package dev.trawl.fetch;

import dev.trawl.runtime.AdminOptions;
import dev.trawl.runtime.AdminServer;
import dev.trawl.runtime.KafkaOptions;
import dev.trawl.runtime.Metrics;
import dev.trawl.runtime.Shutdown;
import dev.trawl.schemas.Topics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code fetch-worker} command: runs one {@link FetchWorker} until SIGTERM or Ctrl-C. */
@Command(
    name = "fetch-worker",
    mixinStandardHelpOptions = true,
    description =
        "Consumes trawl.urls, fetches every URL, publishes to trawl.pages or trawl.fetch-dlq.")
public final class FetchWorkerCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin KafkaOptions kafka;

  @Mixin AdminOptions admin;

  @Mixin EgressOptions egress;

  @Mixin ContentOptions content;

  @Option(
      names = "--group-id",
      paramLabel = "ID",
      defaultValue = "${env:TRAWL_FETCHER_GROUP_ID:-trawl-fetch}",
      description =
          "Consumer group of the fetch workers (env TRAWL_FETCHER_GROUP_ID, default ${DEFAULT-VALUE}).")
  String groupId;

  @Option(
      names = "--max-in-flight",
      paramLabel = "N",
      defaultValue = "${env:TRAWL_FETCHER_MAX_IN_FLIGHT:-512}",
      description =
          "Requests in flight, all hosts together (env TRAWL_FETCHER_MAX_IN_FLIGHT, default ${DEFAULT-VALUE}).")
  int maxInFlight;

  @Option(
      names = "--host-max-in-flight",
      paramLabel = "N",
      defaultValue = "${env:TRAWL_FETCHER_HOST_MAX_IN_FLIGHT:-8}",
      description =
          "Requests in flight per host (env TRAWL_FETCHER_HOST_MAX_IN_FLIGHT, default ${DEFAULT-VALUE}).")
  int hostMaxInFlight;

  @Option(
      names = "--max-buffered",
      paramLabel = "N",
      defaultValue = "${env:TRAWL_FETCHER_MAX_BUFFERED}",
      description =
          "Requests polled and not yet started before consumption pauses; it resumes under half (env TRAWL_FETCHER_MAX_BUFFERED, default 4 x --max-in-flight).")
  Integer maxBuffered;

  @Option(
      names = "--connect-timeout-ms",
      paramLabel = "MS",
      defaultValue = "${env:TRAWL_FETCHER_CONNECT_TIMEOUT_MS:-5000}",
      description =
          "TCP connect timeout (env TRAWL_FETCHER_CONNECT_TIMEOUT_MS, default ${DEFAULT-VALUE}).")
  long connectTimeoutMs;

  @Option(
      names = "--timeout-ms",
      paramLabel = "MS",
      defaultValue = "${env:TRAWL_FETCHER_TIMEOUT_MS:-30000}",
      description =
          "Total time of one fetch, redirects included (env TRAWL_FETCHER_TIMEOUT_MS, default ${DEFAULT-VALUE}).")
  long timeoutMs;

  @Option(
      names = "--content-limit-bytes",
      paramLabel = "BYTES",
      defaultValue = "${env:TRAWL_FETCHER_CONTENT_LIMIT_BYTES:-2097152}",
      description =
          "Decoded body bytes kept; longer bodies are cut and marked truncated (env TRAWL_FETCHER_CONTENT_LIMIT_BYTES, default ${DEFAULT-VALUE}).")
  int contentLimitBytes;

  @Option(
      names = "--user-agent",
      paramLabel = "TEXT",
      defaultValue = "${env:TRAWL_FETCHER_USER_AGENT:-" + FetchSettings.DEFAULT_USER_AGENT + "}",
      description = "User-Agent header (env TRAWL_FETCHER_USER_AGENT, default ${DEFAULT-VALUE}).")
  String userAgent;

  @Option(
      names = "--max-redirects",
      paramLabel = "N",
      defaultValue = "${env:TRAWL_FETCHER_MAX_REDIRECTS:-5}",
      description =
          "Redirects followed; 0 publishes the redirect response itself (env TRAWL_FETCHER_MAX_REDIRECTS, default ${DEFAULT-VALUE}).")
  int maxRedirects;

  @Option(
      names = "--commit-interval-ms",
      paramLabel = "MS",
      defaultValue = "${env:TRAWL_FETCHER_COMMIT_INTERVAL_MS:-1000}",
      description =
          "How often completed offsets are committed (env TRAWL_FETCHER_COMMIT_INTERVAL_MS, default ${DEFAULT-VALUE}).")
  long commitIntervalMs;

  @Option(
      names = "--shutdown-grace-ms",
      paramLabel = "MS",
      defaultValue = "${env:TRAWL_FETCHER_SHUTDOWN_GRACE_MS:-30000}",
      description =
          "On SIGTERM, how long requests in flight may finish (env TRAWL_FETCHER_SHUTDOWN_GRACE_MS, default ${DEFAULT-VALUE}).")
  long shutdownGraceMs;

  @Option(
      names = "--host-delay-ms",
      paramLabel = "MS",
      defaultValue = "${env:TRAWL_FETCHER_HOST_DELAY_MS:-0}",
      description =
          "Minimum time between two request starts to one host; robots.txt Crawl-delay raises it (env TRAWL_FETCHER_HOST_DELAY_MS, default ${DEFAULT-VALUE}).")
  long hostDelayMs;

  @Option(
      names = "--robots",
      negatable = true,
      defaultValue = "${env:TRAWL_FETCHER_ROBOTS:-true}",
      fallbackValue = "true",
      description =
          "Fetch and obey robots.txt; --no-robots ignores it (env TRAWL_FETCHER_ROBOTS, default ${DEFAULT-VALUE}).")
  boolean robots;

  @Option(
      names = "--robots-agent",
      paramLabel = "NAME",
      defaultValue = "${env:TRAWL_FETCHER_ROBOTS_AGENT:-" + FetchPolicy.DEFAULT_ROBOTS_AGENT + "}",
      description =
          "Agent name looked up in robots.txt (env TRAWL_FETCHER_ROBOTS_AGENT, default ${DEFAULT-VALUE}).")
  String robotsAgent;

  @Option(
      names = "--max-attempts",
      paramLabel = "N",
      defaultValue = "${env:TRAWL_FETCHER_MAX_ATTEMPTS:-3}",
      description =
          "Attempts per URL for connection errors, timeouts, 429 and 5xx; 1 disables retries (env TRAWL_FETCHER_MAX_ATTEMPTS, default ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(
      names = "--retry-base-delay-ms",
      paramLabel = "MS",
      defaultValue = "${env:TRAWL_FETCHER_RETRY_BASE_DELAY_MS:-1000}",
      description =
          "Backoff of the first retry, doubled per attempt, with full jitter (env TRAWL_FETCHER_RETRY_BASE_DELAY_MS, default ${DEFAULT-VALUE}).")
  long retryBaseDelayMs;

  @Option(
      names = "--retry-max-delay-ms",
      paramLabel = "MS",
      defaultValue = "${env:TRAWL_FETCHER_RETRY_MAX_DELAY_MS:-30000}",
      description =
          "Cap of a retry delay, Retry-After included (env TRAWL_FETCHER_RETRY_MAX_DELAY_MS, default ${DEFAULT-VALUE}).")
  long retryMaxDelayMs;

  @Option(
      names = "--revoke-grace-ms",
      paramLabel = "MS",
      defaultValue = "${env:TRAWL_FETCHER_REVOKE_GRACE_MS:-2000}",
      description =
          "On partition revocation, how long their requests in flight may finish (env TRAWL_FETCHER_REVOKE_GRACE_MS, default ${DEFAULT-VALUE}).")
  long revokeGraceMs;

  /** The settings these options describe. */
  public FetchSettings settings() {
    try {
      return new FetchSettings(
          groupId,
          maxInFlight,
          hostMaxInFlight,
          maxBuffered == null ? 4 * maxInFlight : maxBuffered,
          Duration.ofMillis(connectTimeoutMs),
          Duration.ofMillis(timeoutMs),
          contentLimitBytes,
          userAgent,
          maxRedirects,
          Duration.ofMillis(commitIntervalMs),
          Duration.ofMillis(shutdownGraceMs),
          Topics.URLS.name(),
          Topics.PAGES.name(),
          Topics.FETCH_DLQ.name(),
          new FetchPolicy(
              Duration.ofMillis(hostDelayMs),
              robots,
              robotsAgent,
              maxAttempts,
              Duration.ofMillis(retryBaseDelayMs),
              Duration.ofMillis(retryMaxDelayMs),
              Duration.ofMillis(revokeGraceMs)),
          egress.settings(),
          content.settings());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  @Override
  public Integer call() {
    FetchSettings settings = settings();
    PrometheusMeterRegistry registry = Metrics.newRegistry("fetch-worker");
    try (FetchWorker worker = new FetchWorker(settings, kafka.settings(), registry);
        AdminServer adminServer = startAdmin(worker, registry);
        Shutdown shutdown =
            Shutdown.onSignal(
                "fetch-worker",
                () -> stopOnSignal(worker, settings.shutdownGrace()),
                settings.shutdownGrace().toMillis() + 15_000)) {
      worker.start();
      while (!worker.awaitTermination(Duration.ofSeconds(60))) {
        // Runs until a signal closes the worker, or it stops on its own.
      }
      return worker.failure() == null ? 0 : 1;
    }
  }

  /**
   * Runs in the shutdown hook: stops the worker (outcomes in flight published, offsets committed,
   * clients closed) and, when that went cleanly, ends the process with status 0 instead of the 143
   * the JVM reports after SIGTERM: for the worker a SIGTERM is an ordinary, successful stop. {@code
   * halt} skips the remaining hooks, which is safe only because everything the worker owns is
   * closed by then; after a failure the JVM exits on its own with a non-zero status.
   */
  private static void stopOnSignal(FetchWorker worker, Duration grace) {
    worker.close(grace);
    if (worker.failure() == null && worker.awaitTermination(Duration.ZERO)) {
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(0);
    }
  }

  /** The admin endpoints, or null when {@code --admin-port} is -1. */
  private AdminServer startAdmin(FetchWorker worker, PrometheusMeterRegistry registry) {
    return admin.port() < 0
        ? null
        : AdminServer.start(admin.host(), admin.port(), worker.health(), registry);
  }

  /** Runs the command alone; the {@code trawl} launcher runs it as a subcommand. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new FetchWorkerCommand()).execute(args));
  }
}
