package dev.trawl.process;

import dev.trawl.runtime.AdminOptions;
import dev.trawl.runtime.KafkaOptions;
import dev.trawl.runtime.Shutdown;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code process-worker} command: runs a {@link ProcessWorker} until SIGTERM or Ctrl-C. */
@Command(
    name = "process-worker",
    mixinStandardHelpOptions = true,
    description =
        "Parses fetched pages into documents, discovers links and keeps per-host statistics"
            + " (Kafka Streams, exactly-once, one stream thread per core).")
public final class ProcessWorkerCommand implements Callable<Integer> {

  @Mixin KafkaOptions kafka;

  @Mixin AdminOptions admin;

  @Spec CommandSpec spec;

  @Option(
      names = "--application-id",
      paramLabel = "ID",
      defaultValue = "${env:TRAWL_PROCESS_APPLICATION_ID:-trawl-process}",
      description =
          "Kafka Streams application id: names the consumer group, internal topics and state"
              + " (env TRAWL_PROCESS_APPLICATION_ID, default ${DEFAULT-VALUE}).")
  String applicationId;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "${env:TRAWL_PROCESS_THREADS:-0}",
      description =
          "Stream threads; 0 means one per core (env TRAWL_PROCESS_THREADS, default"
              + " ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      defaultValue = "${env:TRAWL_PROCESS_STATE_DIR:-${sys:java.io.tmpdir}/trawl-process}",
      description =
          "Directory of the local state stores (env TRAWL_PROCESS_STATE_DIR, default"
              + " ${DEFAULT-VALUE}).")
  Path stateDir;

  @Option(
      names = "--content-limit-bytes",
      paramLabel = "BYTES",
      defaultValue = "${env:TRAWL_FETCHER_CONTENT_LIMIT_BYTES:-2097152}",
      description =
          "The fetchers' page body limit, which sizes the Kafka fetch and request limits"
              + " (env TRAWL_FETCHER_CONTENT_LIMIT_BYTES, default ${DEFAULT-VALUE}).")
  int contentLimitBytes;

  @Option(
      names = "--outlink-cap",
      paramLabel = "N",
      defaultValue = "${env:TRAWL_PROCESS_OUTLINK_CAP:-500}",
      description =
          "Outlinks kept per document (env TRAWL_PROCESS_OUTLINK_CAP, default ${DEFAULT-VALUE}).")
  int outlinkCap;

  @Option(
      names = "--commit-interval-ms",
      paramLabel = "MS",
      defaultValue = "${env:TRAWL_PROCESS_COMMIT_INTERVAL_MS:-1000}",
      description =
          "How often results are committed and become visible downstream"
              + " (env TRAWL_PROCESS_COMMIT_INTERVAL_MS, default ${DEFAULT-VALUE}).")
  long commitIntervalMs;

  @Option(
      names = "--stats-window-ms",
      paramLabel = "MS",
      defaultValue = "${env:TRAWL_PROCESS_STATS_WINDOW_MS:-60000}",
      description =
          "Tumbling window of the statistics in trawl.domain-stats-windowed"
              + " (env TRAWL_PROCESS_STATS_WINDOW_MS, default ${DEFAULT-VALUE}).")
  long statsWindowMs;

  @Option(
      names = "--stats-grace-ms",
      paramLabel = "MS",
      defaultValue = "${env:TRAWL_PROCESS_STATS_GRACE_MS:-30000}",
      description =
          "How late a record may still join its statistics window"
              + " (env TRAWL_PROCESS_STATS_GRACE_MS, default ${DEFAULT-VALUE}).")
  long statsGraceMs;

  @Option(
      names = "--standby-replicas",
      paramLabel = "N",
      defaultValue = "${env:TRAWL_PROCESS_STANDBY_REPLICAS:-0}",
      description =
          "Warm copies of each state store on other instances"
              + " (env TRAWL_PROCESS_STANDBY_REPLICAS, default ${DEFAULT-VALUE}).")
  int standbyReplicas;

  @Option(
      names = "--shutdown-grace-ms",
      paramLabel = "MS",
      defaultValue = "${env:TRAWL_PROCESS_SHUTDOWN_GRACE_MS:-30000}",
      description =
          "How long a graceful shutdown may take (env TRAWL_PROCESS_SHUTDOWN_GRACE_MS,"
              + " default ${DEFAULT-VALUE}).")
  long shutdownGraceMs;

  /** Runs the worker until a signal stops it; 1 when it failed beyond repair, else 0. */
  @Override
  public Integer call() throws InterruptedException {
    ProcessSettings settings = settings();
    Duration grace = Duration.ofMillis(shutdownGraceMs);
    ProcessWorker worker =
        new ProcessWorker(settings, kafka.settings(), admin.host(), admin.port());
    Shutdown shutdown =
        Shutdown.onSignal(ProcessWorker.ROLE, () -> worker.close(grace), grace.toMillis());
    try {
      worker.start();
      worker.awaitTermination();
      return worker.state() == KafkaStreams.State.ERROR ? 1 : 0;
    } finally {
      worker.close(grace);
      shutdown.finished();
    }
  }

  /** The validated settings these options describe. */
  ProcessSettings settings() {
    requireAtLeast("--threads", threads, 0);
    requireAtLeast("--content-limit-bytes", contentLimitBytes, 1);
    requireAtLeast("--outlink-cap", outlinkCap, 0);
    requireAtLeast("--commit-interval-ms", commitIntervalMs, 1);
    requireAtLeast("--stats-window-ms", statsWindowMs, 1);
    requireAtLeast("--stats-grace-ms", statsGraceMs, 0);
    requireAtLeast("--standby-replicas", standbyReplicas, 0);
    requireAtLeast("--shutdown-grace-ms", shutdownGraceMs, 0);
    if (!applicationId.matches("[a-zA-Z0-9._-]+")) {
      throw new ParameterException(
          spec.commandLine(),
          "--application-id must be letters, digits, '.', '_' or '-', was '" + applicationId + "'");
    }
    return new ProcessSettings(
        applicationId,
        threads == 0 ? ProcessSettings.defaultThreads() : threads,
        stateDir,
        contentLimitBytes,
        outlinkCap,
        Duration.ofMillis(commitIntervalMs),
        Duration.ofMillis(statsWindowMs),
        Duration.ofMillis(statsGraceMs),
        standbyReplicas);
  }

  private void requireAtLeast(String option, long value, long min) {
    if (value < min) {
      throw new ParameterException(
          spec.commandLine(), option + " must be >= " + min + ", was " + value);
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ProcessWorkerCommand()).execute(args));
  }
}
