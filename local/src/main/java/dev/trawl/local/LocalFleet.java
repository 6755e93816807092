package dev.trawl.local;

import dev.trawl.embedded.EmbeddedKafka;
import dev.trawl.fetch.AddressCheck;
import dev.trawl.fetch.FetchSettings;
import dev.trawl.fetch.FetchTopics;
import dev.trawl.fetch.FetchWorker;
import dev.trawl.process.ProcessSettings;
import dev.trawl.process.ProcessWorker;
import dev.trawl.runtime.AdminSettings;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.Metrics;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.runtime.net.HostResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole fleet in one process: an embedded broker (unless one is given), Trawl's topics, one
 * process worker and one fetch worker, each exactly as it runs on its own.
 */
final class LocalFleet implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalFleet.class);

  /**
   * How to assemble the fleet; a null {@code bootstrapServers} starts an embedded broker. The fetch
   * worker resolves names with {@code resolver} and connects where {@code addressCheck} allows. The
   * process worker's state directory is always a fresh temporary one, deleted on close.
   */
  record Options(
      String bootstrapServers,
      int partitions,
      FetchSettings fetch,
      AddressCheck addressCheck,
      HostResolver resolver,
      ProcessSettings process) {

    /** Names resolved by the system's resolver. */
    Options(
        String bootstrapServers,
        int partitions,
        FetchSettings fetch,
        AddressCheck addressCheck,
        ProcessSettings process) {
      this(bootstrapServers, partitions, fetch, addressCheck, HostResolver.SYSTEM, process);
    }
  }

  private final Path stateDir;
  private final EmbeddedKafka broker;
  private final KafkaSettings kafka;
  private final ProcessWorker processWorker;
  private final FetchWorker fetchWorker;

  private LocalFleet(
      Path stateDir,
      EmbeddedKafka broker,
      KafkaSettings kafka,
      ProcessWorker processWorker,
      FetchWorker fetchWorker) {
    this.stateDir = stateDir;
    this.broker = broker;
    this.kafka = kafka;
    this.processWorker = processWorker;
    this.fetchWorker = fetchWorker;
  }

  /**
   * Starts the fleet. The fetch worker starts beside the process worker rather than after it: it
   * only reads trawl.urls, which the process worker alone fills, so nothing reaches it early, and
   * its consumer joins its group while the process worker's does.
   */
  static LocalFleet start(Options options) throws IOException, InterruptedException {
    long start = System.nanoTime();
    Path stateDir = Files.createTempDirectory("trawl-process-state-");
    EmbeddedKafka broker =
        options.bootstrapServers() == null ? EmbeddedKafka.startTemporary() : null;
    FetchWorker fetch = null;
    ProcessWorker process = null;
    try {
      KafkaSettings kafka =
          KafkaSettings.of(
              broker != null ? broker.bootstrapServers() : options.bootstrapServers(), Map.of());
      LOG.info("broker ready after {} ms", millisSince(start));
      try (Admin admin = Admin.create(kafka.admin())) {
        TopicSetup.ensureTopics(
            admin, options.partitions(), (short) 1, options.fetch().contentLimitBytes());
      }
      LOG.info("topics ready after {} ms", millisSince(start));
      process =
          new ProcessWorker(
              options.process().with(ProcessSettings.STATE_DIR, stateDir),
              kafka,
              AdminSettings.of("127.0.0.1", -1));
      process.start();
      fetch =
          new FetchWorker(
              options.fetch(),
              FetchTopics.TRAWL,
              kafka,
              Metrics.newRegistry("fetch-worker"),
              options.addressCheck(),
              options.resolver());
      fetch.start();
      InternalTopics.awaitReady(kafka, process, options.process().applicationId());
      LOG.info("process worker running after {} ms", millisSince(start));
      return new LocalFleet(stateDir, broker, kafka, process, fetch);
    } catch (RuntimeException | InterruptedException e) {
      if (fetch != null) {
        fetch.close(Duration.ofSeconds(10));
      }
      if (process != null) {
        process.close(Duration.ofSeconds(10));
      }
      if (broker != null) {
        broker.close();
      }
      deleteTree(stateDir);
      throw e;
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  KafkaSettings kafka() {
    return kafka;
  }

  FetchWorker fetchWorker() {
    return fetchWorker;
  }

  ProcessWorker processWorker() {
    return processWorker;
  }

  /** The workers as a {@link FleetWatch} sees them. */
  FleetWatch.Workers watched() {
    return new WatchedWorkers(fetchWorker, processWorker);
  }

  /** Stops the workers gracefully (fetch first, so its last results are processed), then Kafka. */
  @Override
  public void close() {
    long start = System.nanoTime();
    fetchWorker.close(Duration.ofSeconds(10));
    LOG.info("fetch worker stopped after {} ms", millisSince(start));
    processWorker.close(Duration.ofSeconds(30));
    LOG.info("process worker stopped after {} ms", millisSince(start));
    if (broker != null) {
      broker.close();
      LOG.info("broker stopped after {} ms", millisSince(start));
    }
    deleteTree(stateDir);
  }

  /** Deletes {@code root} and everything in it, as far as it can. */
  static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary folder is harmless.
    }
  }
}
