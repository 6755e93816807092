package dev.trawl.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What a process worker needs besides Kafka's address; each component has a dotted key and an
 * environment variable (see {@link ProcessWorkerCommand}).
 *
 * @param applicationId {@code process.application.id}: the Kafka Streams application id, which
 *     names its consumer group, internal topics and state directory
 * @param threads {@code process.threads}: stream threads (parallel tasks) in this process
 * @param stateDir {@code process.state.dir}: where the local state stores live
 * @param contentLimitBytes {@code fetcher.content.limit.bytes}: the largest page body, which sizes
 *     the clients' fetch and request limits
 * @param outlinkCap {@code process.outlink.cap}: outlinks kept per document
 * @param commitInterval {@code process.commit.interval.ms}: how often results become visible to
 *     read_committed consumers (the exactly-once transaction length)
 * @param statsWindow {@code process.stats.window.ms}: the tumbling window of the windowed
 *     statistics
 * @param statsGrace {@code process.stats.grace.ms}: how late (in record time) a record may still
 *     join its window
 * @param standbyReplicas {@code process.standby.replicas}: warm copies of each state store kept on
 *     other instances, for fast fail-over
 */
public record ProcessSettings(
    String applicationId,
    int threads,
    Path stateDir,
    int contentLimitBytes,
    int outlinkCap,
    Duration commitInterval,
    Duration statsWindow,
    Duration statsGrace,
    int standbyReplicas) {

  public static final String DEFAULT_APPLICATION_ID = "trawl-process";
  public static final int DEFAULT_CONTENT_LIMIT_BYTES = 2 * 1024 * 1024;

  /**
   * One exactly-once transaction a second: ProcessBench measured 87% of a raw jsoup loop per thread
   * at 1 s against 60% at Kafka Streams' EOS default of 100 ms. Latency-bound uses (the local demo,
   * which waits for each depth level) set a shorter one.
   */
  public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(1000);

  public static final Duration DEFAULT_STATS_WINDOW = Duration.ofMinutes(1);
  public static final Duration DEFAULT_STATS_GRACE = Duration.ofSeconds(30);
  public static final int DEFAULT_STANDBY_REPLICAS = 0;

  public ProcessSettings {
    if (applicationId == null || !applicationId.matches("[a-zA-Z0-9._-]+")) {
      throw new IllegalArgumentException(
          "process.application.id must be letters, digits, '.', '_' or '-', was " + applicationId);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("process.threads must be >= 1, was " + threads);
    }
    if (stateDir == null) {
      throw new IllegalArgumentException("process.state.dir must be set");
    }
    if (contentLimitBytes < 1) {
      throw new IllegalArgumentException(
          "fetcher.content.limit.bytes must be >= 1, was " + contentLimitBytes);
    }
    if (outlinkCap < 0) {
      throw new IllegalArgumentException("process.outlink.cap must be >= 0, was " + outlinkCap);
    }
    if (commitInterval == null || commitInterval.isNegative() || commitInterval.isZero()) {
      throw new IllegalArgumentException(
          "process.commit.interval.ms must be > 0, was " + commitInterval);
    }
    if (statsWindow == null || statsWindow.isNegative() || statsWindow.isZero()) {
      throw new IllegalArgumentException("process.stats.window.ms must be > 0, was " + statsWindow);
    }
    if (statsGrace == null || statsGrace.isNegative()) {
      throw new IllegalArgumentException("process.stats.grace.ms must be >= 0, was " + statsGrace);
    }
    if (standbyReplicas < 0) {
      throw new IllegalArgumentException(
          "process.standby.replicas must be >= 0, was " + standbyReplicas);
    }
  }

  /** One thread per core, state under the temp directory, and the documented defaults. */
  public static ProcessSettings defaults() {
    return new ProcessSettings(
        DEFAULT_APPLICATION_ID,
        defaultThreads(),
        defaultStateDir(),
        DEFAULT_CONTENT_LIMIT_BYTES,
        PageParser.DEFAULT_OUTLINK_CAP,
        DEFAULT_COMMIT_INTERVAL,
        DEFAULT_STATS_WINDOW,
        DEFAULT_STATS_GRACE,
        DEFAULT_STANDBY_REPLICAS);
  }

  /** One stream thread per core. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** {@code <java.io.tmpdir>/trawl-process}. */
  public static Path defaultStateDir() {
    return Path.of(System.getProperty("java.io.tmpdir"), "trawl-process");
  }

  public ProcessSettings withApplicationId(String applicationId) {
    return copy(b -> b.applicationId = applicationId);
  }

  public ProcessSettings withThreads(int threads) {
    return copy(b -> b.threads = threads);
  }

  public ProcessSettings withStateDir(Path stateDir) {
    return copy(b -> b.stateDir = stateDir);
  }

  public ProcessSettings withContentLimitBytes(int contentLimitBytes) {
    return copy(b -> b.contentLimitBytes = contentLimitBytes);
  }

  public ProcessSettings withOutlinkCap(int outlinkCap) {
    return copy(b -> b.outlinkCap = outlinkCap);
  }

  public ProcessSettings withCommitInterval(Duration commitInterval) {
    return copy(b -> b.commitInterval = commitInterval);
  }

  public ProcessSettings withStatsWindow(Duration statsWindow) {
    return copy(b -> b.statsWindow = statsWindow);
  }

  public ProcessSettings withStatsGrace(Duration statsGrace) {
    return copy(b -> b.statsGrace = statsGrace);
  }

  public ProcessSettings withStandbyReplicas(int standbyReplicas) {
    return copy(b -> b.standbyReplicas = standbyReplicas);
  }

  /** A copy of these settings with {@code change} applied to its components, validated again. */
  private ProcessSettings copy(Consumer<Components> change) {
    Components b = new Components(this);
    change.accept(b);
    return b.build();
  }

  /** The components of a ProcessSettings, to change some of them before building a new one. */
  private static final class Components {
    String applicationId;
    int threads;
    Path stateDir;
    int contentLimitBytes;
    int outlinkCap;
    Duration commitInterval;
    Duration statsWindow;
    Duration statsGrace;
    int standbyReplicas;

    Components(ProcessSettings from) {
      applicationId = from.applicationId;
      threads = from.threads;
      stateDir = from.stateDir;
      contentLimitBytes = from.contentLimitBytes;
      outlinkCap = from.outlinkCap;
      commitInterval = from.commitInterval;
      statsWindow = from.statsWindow;
      statsGrace = from.statsGrace;
      standbyReplicas = from.standbyReplicas;
    }

    ProcessSettings build() {
      return new ProcessSettings(
          applicationId,
          threads,
          stateDir,
          contentLimitBytes,
          outlinkCap,
          commitInterval,
          statsWindow,
          statsGrace,
          standbyReplicas);
    }
  }
}
