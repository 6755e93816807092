package dev.trawl.process;

import dev.trawl.runtime.PageLimits;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What a process worker needs besides Kafka's address: each setting is defined here once, and the
 * command line, the environment and the configuration reference read these definitions.
 *
 * @param config values of {@link #SETTINGS}; others it holds are left out
 */
public record ProcessSettings(Config config) {

  public static final Setting<String> APPLICATION_ID =
      Setting.of("process.application.id", "--application-id", ValueType.TEXT)
          .defaultValue("trawl-process")
          .matching("[a-zA-Z0-9._-]+", "letters, digits, '.', '_' or '-'")
          .label("ID")
          .doc(
              "Kafka Streams application id: names the consumer group, internal topics and"
                  + " state.");

  public static final Setting<Integer> THREADS =
      Setting.of("process.threads", "--threads", ValueType.INT)
          .defaultValue(0)
          .atLeast(0)
          .doc("Stream threads; 0 means one per core.");

  public static final Setting<Path> STATE_DIR =
      Setting.of("process.state.dir", "--state-dir", ValueType.PATH)
          .defaultValue(Path.of(System.getProperty("java.io.tmpdir"), "trawl-process"))
          .defaultText("<java.io.tmpdir>/trawl-process")
          .label("DIR")
          .doc("Directory of the local state stores.");

  public static final Setting<Integer> OUTLINK_CAP =
      Setting.of("process.outlink.cap", "--outlink-cap", ValueType.INT)
          .defaultValue(500)
          .atLeast(0)
          .doc("Outlinks kept per document.");

  /**
   * One exactly-once transaction a second: ProcessBench measured 87% of a raw jsoup loop per thread
   * at 1 s against 60% at Kafka Streams' EOS default of 100 ms. Latency-bound uses (the local demo,
   * which waits for each depth level) set a shorter one.
   */
  public static final Setting<Duration> COMMIT_INTERVAL =
      Setting.of("process.commit.interval.ms", "--commit-interval-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(1))
          .atLeast(1)
          .doc("How often results are committed and become visible downstream.");

  public static final Setting<Duration> STATS_WINDOW =
      Setting.of("process.stats.window.ms", "--stats-window-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofMinutes(1))
          .atLeast(1)
          .doc("Tumbling window of the statistics in trawl.domain-stats-windowed.");

  public static final Setting<Duration> STATS_GRACE =
      Setting.of("process.stats.grace.ms", "--stats-grace-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(30))
          .atLeast(0)
          .doc("How late a record may still join its statistics window.");

  public static final Setting<Integer> STANDBY_REPLICAS =
      Setting.of("process.standby.replicas", "--standby-replicas", ValueType.INT)
          .defaultValue(0)
          .atLeast(0)
          .doc("Warm copies of each state store on other instances.");

  public static final Setting<Duration> SHUTDOWN_GRACE =
      Setting.of("process.shutdown.grace.ms", "--shutdown-grace-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(30))
          .atLeast(0)
          .doc("How long a graceful shutdown may take.");

  /**
   * Off-heap memory of every RocksDB store of the process together. A container's memory limit must
   * hold the heap, this budget and headroom for the JVM's own native memory.
   */
  public static final Setting<Long> ROCKSDB_MEMORY_BYTES =
      Setting.of("process.rocksdb.memory.bytes", "--rocksdb-memory-bytes", ValueType.LONG)
          .defaultValue(256L * 1024 * 1024)
          .atLeast(8L * 1024 * 1024)
          .label("BYTES")
          .doc(
              "Memory of all RocksDB state stores together (one shared block cache, index and"
                  + " filter blocks, write buffers), outside the heap.");

  /**
   * Kafka's default record limit is 1 MiB (1,048,588 bytes of broker {@code message.max.bytes});
   * 1,000,000 leaves room for the key, headers and the batch around one record.
   */
  public static final Setting<Integer> MAX_RECORD_BYTES =
      Setting.of("process.max.record.bytes", "--max-record-bytes", ValueType.INT)
          .defaultValue(1_000_000)
          .atLeast(1024)
          .label("BYTES")
          .doc(
              "Largest record value written (documents, links, statistics); a larger one goes to"
                  + " trawl.process-dlq by reference instead. Keep it below the output topics'"
                  + " max.message.bytes.");

  public static final Setting<Duration> CRAWL_IDLE_TTL =
      Setting.of("process.crawl.idle.ttl.ms", "--crawl-idle-ttl-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofDays(7))
          .atLeast(1)
          .doc(
              "How long a crawl may go without a seed, link or outcome before the URLs it has seen"
                  + " and counted are forgotten; a later record of it starts afresh.");

  /**
   * CPU time of its stream thread a page's extraction rules may take together (CPU time, so that a
   * busy machine or a pause of the JVM does not stop a rule): a realistic rule set takes well under
   * a millisecond, so this only stops a hostile page or rule (a regular expression that backtracks
   * exponentially, a selector over a huge page), which then costs a page this much at most.
   */
  public static final Setting<Duration> EXTRACT_BUDGET =
      Setting.of("process.extract.budget.ms", "--extract-budget-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofMillis(50))
          .atLeast(1)
          .doc(
              "CPU time a page's extraction rules may take together; a rule still running then stops"
                  + " with what it found, the rest do not run, and the page reports each as a"
                  + " TIMEOUT field error.");

  public static final List<Setting<?>> SETTINGS =
      List.of(
          APPLICATION_ID,
          THREADS,
          STATE_DIR,
          PageLimits.CONTENT_LIMIT_BYTES,
          OUTLINK_CAP,
          COMMIT_INTERVAL,
          STATS_WINDOW,
          STATS_GRACE,
          STANDBY_REPLICAS,
          ROCKSDB_MEMORY_BYTES,
          SHUTDOWN_GRACE,
          MAX_RECORD_BYTES,
          CRAWL_IDLE_TTL,
          EXTRACT_BUDGET);

  public ProcessSettings {
    config = config.select(SETTINGS);
  }

  /** Every setting at its default: one thread per core, state under the temp directory. */
  public static ProcessSettings defaults() {
    return new ProcessSettings(Config.defaults(SETTINGS));
  }

  /** These settings with {@code setting} set to {@code value}, checked. */
  public <T> ProcessSettings with(Setting<T> setting, T value) {
    return new ProcessSettings(config.with(setting, value));
  }

  /** The Kafka Streams application id: it names the consumer group, internal topics and state. */
  public String applicationId() {
    return config.get(APPLICATION_ID);
  }

  /** Stream threads (parallel tasks) in this process: the setting, or one per core for 0. */
  public int threads() {
    int threads = config.get(THREADS);
    return threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
  }

  /** Where the local state stores live. */
  public Path stateDir() {
    return config.get(STATE_DIR);
  }

  /** The largest page body, which sizes the clients' fetch and request limits. */
  public int contentLimitBytes() {
    return config.get(PageLimits.CONTENT_LIMIT_BYTES);
  }

  /** Outlinks kept per document. */
  public int outlinkCap() {
    return config.get(OUTLINK_CAP);
  }

  /** How often results become visible to read_committed consumers (the transaction length). */
  public Duration commitInterval() {
    return config.get(COMMIT_INTERVAL);
  }

  /** The tumbling window of the windowed statistics. */
  public Duration statsWindow() {
    return config.get(STATS_WINDOW);
  }

  /** How late (in record time) a record may still join its window. */
  public Duration statsGrace() {
    return config.get(STATS_GRACE);
  }

  /** Warm copies of each state store kept on other instances, for fast fail-over. */
  public int standbyReplicas() {
    return config.get(STANDBY_REPLICAS);
  }

  /** Off-heap bytes all RocksDB stores of the process share. */
  public long rocksDbMemoryBytes() {
    return config.get(ROCKSDB_MEMORY_BYTES);
  }

  /** How long a graceful shutdown may take. */
  public Duration shutdownGrace() {
    return config.get(SHUTDOWN_GRACE);
  }

  /** The largest record value the worker writes; larger ones become dead letters. */
  public int maxRecordBytes() {
    return config.get(MAX_RECORD_BYTES);
  }

  /** Time a page's extraction rules may take together. */
  public Duration extractBudget() {
    return config.get(EXTRACT_BUDGET);
  }

  /** How long a crawl may be idle before the stores forget its URLs. */
  public Duration crawlIdleTtl() {
    return config.get(CRAWL_IDLE_TTL);
  }
}
