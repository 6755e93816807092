package dev.trawl.process;

import dev.trawl.process.internal.deadletters.DeadLetterHandler;
import dev.trawl.process.internal.deadletters.RecordLimits;
import dev.trawl.process.internal.stats.DomainQueries;
import dev.trawl.runtime.AdminServer;
import dev.trawl.runtime.AdminSettings;
import dev.trawl.runtime.Health;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.Metrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process worker as a library object: {@link #start()} runs the {@link ProcessTopology} on Kafka
 * Streams with admin endpoints (ready while RUNNING) and Streams metrics in Micrometer; {@link
 * #close(Duration)} stops it gracefully. One instance runs once.
 */
public final class ProcessWorker implements AutoCloseable {

  /** The role name used in metrics tags, logs and thread names. */
  public static final String ROLE = "process-worker";

  /** How long {@link #close()} waits for in-flight work to be committed. */
  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(ProcessWorker.class);

  private final ProcessSettings settings;
  private final KafkaSettings kafka;
  private final AdminSettings adminSettings;
  private final Health health = new Health();
  private final PrometheusMeterRegistry registry = Metrics.newRegistry(ROLE);

  /** Counted down by a Streams thread when the client reaches NOT_RUNNING or ERROR. */
  private final CountDownLatch terminated = new CountDownLatch(1);

  // Written by start() and close(), both synchronized on this; streams is volatile so that
  // state() can read it from any thread without the lock.
  private volatile KafkaStreams streams;
  private KafkaStreamsMetrics streamsMetrics;
  private AdminServer admin;

  /**
   * A worker for {@code settings} on the Kafka cluster of {@code kafka}, serving its admin
   * endpoints as {@code admin} says (port 0 picks a free one, -1 disables them).
   */
  public ProcessWorker(ProcessSettings settings, KafkaSettings kafka, AdminSettings admin) {
    this.settings = settings;
    this.kafka = kafka;
    this.adminSettings = admin;
  }

  /**
   * Builds the topology and starts it; returns at once, while Kafka Streams joins its group.
   *
   * @throws IllegalStateException when called twice
   */
  public synchronized void start() {
    if (streams != null) {
      throw new IllegalStateException("a ProcessWorker starts once");
    }
    admin = adminSettings.start(health, registry);
    RecordLimits limits = new RecordLimits(settings.maxRecordBytes());
    Properties config = ProcessTopology.streamsConfig(settings, kafka, limits);
    config.put(DeadLetterHandler.METER_REGISTRY_CONFIG, registry);
    if (admin != null) {
      HostInfo self = new HostInfo(advertisedHost(adminSettings.host()), admin.port());
      config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
      DomainQueries queries =
          new DomainQueries(
              () -> streams,
              ProcessTopology.DOMAIN_STATS_STORE,
              ProcessTopology.sightingsByHostTopic(settings.applicationId()),
              self);
      admin.handle("/domains", queries::handle);
    }
    StreamsBuilder builder = new StreamsBuilder(new TopologyConfig(new StreamsConfig(config)));
    KafkaStreams created =
        new KafkaStreams(
            ProcessTopology.buildTopology(builder, settings, registry, limits), config);
    created.setUncaughtExceptionHandler(
        e -> {
          log.error("stream thread failed; replacing it", e);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    created.setStateListener((newState, oldState) -> onStateChange(newState));
    streamsMetrics = new KafkaStreamsMetrics(created);
    streamsMetrics.bindTo(registry);
    streams = created;
    created.start();
    log.info(
        "{} started: application {}, {} threads, state in {}",
        ROLE,
        settings.applicationId(),
        settings.threads(),
        settings.stateDir());
  }

  /** The admin host other instances can reach: the bound one, or this machine's name. */
  private static String advertisedHost(String adminHost) {
    if (adminHost != null && !adminHost.isBlank() && !adminHost.equals("0.0.0.0")) {
      return adminHost;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return InetAddress.getLoopbackAddress().getHostAddress();
    }
  }

  private void onStateChange(KafkaStreams.State state) {
    health.setReady(state == KafkaStreams.State.RUNNING);
    if (state == KafkaStreams.State.ERROR) {
      health.setDead();
    }
    if (state == KafkaStreams.State.NOT_RUNNING || state == KafkaStreams.State.ERROR) {
      terminated.countDown();
    }
  }

  /** The Kafka Streams state, or CREATED before {@link #start()}. */
  public KafkaStreams.State state() {
    KafkaStreams current = streams;
    return current == null ? KafkaStreams.State.CREATED : current.state();
  }

  /** Waits until the worker has stopped (closed, or failed beyond repair). */
  public void awaitTermination() throws InterruptedException {
    terminated.await();
  }

  /** Waits up to {@code timeout} for the worker to stop; returns whether it has. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Health health() {
    return health;
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The bound admin port, or -1 when the endpoints are disabled or not started. */
  public synchronized int adminPort() {
    return admin == null ? -1 : admin.port();
  }

  public ProcessSettings settings() {
    return settings;
  }

  /**
   * Stops processing, commits the open transaction, leaves the consumer group (so that the
   * remaining or next instances take the partitions over at once rather than after the session
   * timeout) and closes the clients, waiting up to {@code timeout}; returns whether everything
   * stopped in time. Calling it again does no harm.
   */
  public synchronized boolean close(Duration timeout) {
    health.setReady(false);
    boolean clean = true;
    if (streams != null) {
      clean =
          streams.close(
              CloseOptions.timeout(timeout)
                  .withGroupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP));
      streamsMetrics.close();
    }
    if (admin != null) {
      admin.close();
      admin = null;
    }
    terminated.countDown();
    return clean;
  }

  @Override
  public void close() {
    close(DEFAULT_CLOSE_TIMEOUT);
  }
}
