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
          Topics.FETCH_DLQ.name());
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
                () -> worker.close(settings.shutdownGrace()),
                settings.shutdownGrace().toMillis() + 15_000)) {
      worker.start();
      while (!worker.awaitTermination(Duration.ofSeconds(60))) {
        // Runs until a signal closes the worker, or it stops on its own.
      }
      return worker.failure() == null ? 0 : 1;
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
