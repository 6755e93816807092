package dev.trawl.bench.faults;

import dev.trawl.bench.roles.Ports;
import dev.trawl.bench.roles.RoleProcess;
import dev.trawl.bench.roles.TrawlJar;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The whole fleet, every role in a JVM of its own as {@code ./trawl} runs it: the embedded broker
 * ({@code trawl broker}, its data kept across restarts), fetch workers and process workers (each
 * process worker with its own state folder, kept across restarts), all on loopback.
 */
final class Fleet implements AutoCloseable {

  private static final Duration BROKER_START = Duration.ofMinutes(2);

  private final TrawlJar jar;
  private final Path dir;
  private final int brokerPort;
  private final RoleProcess broker;
  private final List<RoleProcess> fetchers = new ArrayList<>();
  private final List<RoleProcess> processors = new ArrayList<>();

  private Fleet(TrawlJar jar, Path dir, int partitions) throws IOException {
    this.jar = jar;
    this.dir = dir;
    this.brokerPort = Ports.free();
    this.broker =
        RoleProcess.of(
            "broker",
            jar,
            List.of("-Xmx1g"),
            List.of(
                "broker",
                "--data-dir=" + dir.resolve("broker"),
                "--port=" + brokerPort,
                "--partitions=" + partitions),
            dir,
            -1);
  }

  /** Starts the broker in {@code dir} with {@code partitions} per topic; returns once it serves. */
  static Fleet startBroker(TrawlJar jar, Path dir, int partitions)
      throws IOException, InterruptedException {
    Fleet fleet = new Fleet(jar, dir, partitions);
    fleet.startBroker();
    return fleet;
  }

  String bootstrapServers() {
    return "127.0.0.1:" + brokerPort;
  }

  /** Starts the broker (again, on the same port and data) and waits until it serves. */
  void startBroker() throws IOException, InterruptedException {
    broker.start();
    if (!broker.awaitLog("Kafka broker ready at", BROKER_START)) {
      throw new IllegalStateException("the broker did not start; see " + broker.log());
    }
  }

  /** The folder of the logs, the broker's data and the process workers' state. */
  Path dir() {
    return dir;
  }

  RoleProcess broker() {
    return broker;
  }

  /** Adds and starts {@code count} fetch workers, allowed to fetch from loopback. */
  void startFetchers(int count, List<String> jvmOptions) throws IOException {
    for (int i = 1; i <= count; i++) {
      int admin = Ports.free();
      RoleProcess fetcher =
          RoleProcess.of(
              "fetch-" + i,
              jar,
              jvmOptions,
              List.of(
                  "fetch-worker",
                  "--bootstrap-servers=" + bootstrapServers(),
                  "--admin-host=127.0.0.1",
                  "--admin-port=" + admin,
                  "--allow-private-network"),
              dir,
              admin);
      fetcher.start();
      fetchers.add(fetcher);
    }
  }

  /** Adds and starts {@code count} process workers, each with a state folder of its own. */
  void startProcessors(int count, List<String> jvmOptions) throws IOException {
    for (int i = 1; i <= count; i++) {
      int admin = Ports.free();
      Path state = Files.createDirectories(dir.resolve("state-" + i));
      RoleProcess processor =
          RoleProcess.of(
              "process-" + i,
              jar,
              jvmOptions,
              List.of(
                  "process-worker",
                  "--bootstrap-servers=" + bootstrapServers(),
                  "--admin-host=127.0.0.1",
                  "--admin-port=" + admin,
                  "--state-dir=" + state),
              dir,
              admin);
      processor.start();
      processors.add(processor);
    }
  }

  List<RoleProcess> fetchers() {
    return fetchers;
  }

  List<RoleProcess> processors() {
    return processors;
  }

  /** Every worker, fetchers first. */
  List<RoleProcess> workers() {
    List<RoleProcess> all = new ArrayList<>(fetchers);
    all.addAll(processors);
    return all;
  }

  /** Runs {@code trawl produce ARGS} against the broker and waits for it to exit 0. */
  void produce(List<String> args) throws IOException, InterruptedException {
    List<String> all =
        new ArrayList<>(List.of("produce", "--bootstrap-servers=" + bootstrapServers()));
    all.addAll(args);
    RoleProcess producer = RoleProcess.of("produce", jar, List.of(), all, dir, -1);
    producer.start();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (producer.alive() && System.nanoTime() - deadline < 0) {
      Thread.sleep(100);
    }
    if (producer.alive() || producer.exitCode() != 0) {
      producer.kill();
      throw new IllegalStateException("trawl produce failed; see " + producer.log());
    }
  }

  /** Stops the workers, then the broker, each gracefully. */
  @Override
  public void close() throws InterruptedException {
    for (RoleProcess worker : workers()) {
      worker.close();
    }
    broker.close();
  }
}
