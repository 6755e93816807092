package dev.trawl.embedded;

import dev.trawl.embedded.internal.BrokerConfig;
import dev.trawl.embedded.internal.FreePorts;
import dev.trawl.embedded.internal.StorageFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) run in-process on
 * 127.0.0.1.
 *
 * <p>The data folder is formatted once with a standalone dynamic quorum; a broker started again on
 * the same folder keeps its topics and records. The controller port is picked anew at every start:
 * in a dynamic quorum the single voter, on becoming leader, records its current controller endpoint
 * in the voter set, so nothing needs to remember the old one. Ports are picked below the kernel's
 * ephemeral range because a controller that cannot bind its port halts the whole JVM (Kafka's
 * process-terminating fault handler), where a broker port conflict only fails the start.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final int START_ATTEMPTS = 3;

  private final KafkaRaftServer server;
  private final int port;
  private final Path deleteOnClose;
  private final AtomicBoolean closed = new AtomicBoolean();

  private EmbeddedKafka(KafkaRaftServer server, int port, Path deleteOnClose) {
    this.server = server;
    this.port = port;
    this.deleteOnClose = deleteOnClose;
  }

  /**
   * Starts a broker storing its data in {@code dataDir} (created and formatted if needed) and
   * listening on 127.0.0.1:{@code port}, or on a free port if {@code port} is 0; returns once the
   * broker is ready.
   */
  public static EmbeddedKafka start(Path dataDir, int port) {
    return start(dataDir, port, null);
  }

  /** Starts a broker on a free port in a new temporary folder, which {@link #close} deletes. */
  public static EmbeddedKafka startTemporary() {
    Path dir;
    try {
      dir = Files.createTempDirectory("trawl-kafka-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary folder for Kafka", e);
    }
    try {
      return start(dir, 0, dir);
    } catch (RuntimeException e) {
      deleteRecursively(dir);
      throw e;
    }
  }

  private static EmbeddedKafka start(Path dataDir, int port, Path deleteOnClose) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
    }
    for (int attempt = 1; ; attempt++) {
      int brokerPort = port == 0 ? FreePorts.pick() : port;
      try {
        return new EmbeddedKafka(startServer(dataDir, brokerPort), brokerPort, deleteOnClose);
      } catch (RuntimeException e) {
        if (!causedByBindFailure(e)) {
          throw e;
        }
        if (port != 0) {
          throw new IllegalStateException("port " + port + " on 127.0.0.1 is in use", e);
        }
        // Another process took the picked port between the check and the bind: pick again.
        if (attempt >= START_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static KafkaRaftServer startServer(Path dataDir, int brokerPort) {
    Path logDir = dataDir.resolve("kraft-logs");
    Properties props = BrokerConfig.of(logDir, brokerPort, FreePorts.pick());
    StorageFormat.formatIfNeeded(logDir, props);
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    try {
      server.startup();
      return server;
    } catch (RuntimeException e) {
      server.shutdown();
      server.awaitShutdown();
      throw e;
    }
  }

  private static boolean causedByBindFailure(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException) {
        return true;
      }
    }
    return false;
  }

  /** Returns the bootstrap servers for clients, {@code 127.0.0.1:port}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** Returns the port the broker listens on for clients. */
  public int port() {
    return port;
  }

  /** Shuts the broker down and waits until it has stopped; later calls do nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.shutdown();
    server.awaitShutdown();
    if (deleteOnClose != null) {
      deleteRecursively(deleteOnClose);
    }
  }

  private static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
