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

/**
 * The whole fleet in one process: an embedded broker (unless one is given), Trawl's topics, one
 * process worker and one fetch worker, each exactly as it runs on its own.
 */
final class LocalFleet implements AutoCloseable {

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

  static LocalFleet start(Options options) throws IOException, InterruptedException {
    Path stateDir = Files.createTempDirectory("trawl-process-state-");
    EmbeddedKafka broker =
        options.bootstrapServers() == null ? EmbeddedKafka.startTemporary() : null;
    try {
      KafkaSettings kafka =
          KafkaSettings.of(
              broker != null ? broker.bootstrapServers() : options.bootstrapServers(), Map.of());
      try (Admin admin = Admin.create(kafka.admin())) {
        TopicSetup.ensureTopics(
            admin, options.partitions(), (short) 1, options.fetch().contentLimitBytes());
      }
      ProcessWorker process =
          new ProcessWorker(
              options.process().with(ProcessSettings.STATE_DIR, stateDir),
              kafka,
              AdminSettings.of("127.0.0.1", -1));
      process.start();
      InternalTopics.awaitReady(kafka, process, options.process().applicationId());
      FetchWorker fetch =
          new FetchWorker(
              options.fetch(),
              FetchTopics.TRAWL,
              kafka,
              Metrics.newRegistry("fetch-worker"),
              options.addressCheck(),
              options.resolver());
      fetch.start();
      return new LocalFleet(stateDir, broker, kafka, process, fetch);
    } catch (RuntimeException | InterruptedException e) {
      if (broker != null) {
        broker.close();
      }
      deleteTree(stateDir);
      throw e;
    }
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
    fetchWorker.close(Duration.ofSeconds(10));
    processWorker.close(Duration.ofSeconds(30));
    if (broker != null) {
      broker.close();
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
