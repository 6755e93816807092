package dev.trawl.local;

import dev.trawl.fetch.FetchWorker;
import dev.trawl.process.ProcessWorker;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The local fleet's workers as a {@link FleetWatch} sees them: a fetch worker that failed or
 * stopped, a process worker whose Kafka Streams client stopped, or whose stream threads keep
 * failing (each is replaced, and fails again on the same record), is dead.
 */
final class WatchedWorkers implements FleetWatch.Workers {

  /**
   * Stream threads that may fail (and be replaced) before the process worker counts as dead: one
   * failure can be a passing problem, this many in one run are a record that fails every time.
   */
  static final int MAX_FAILED_STREAM_THREADS = 5;

  /** Kafka Streams' client metric failed-stream-threads, as Micrometer's Kafka binder names it. */
  static final String FAILED_STREAM_THREADS = "kafka.stream.failed.stream.threads";

  private final FetchWorker fetch;
  private final ProcessWorker process;

  WatchedWorkers(FetchWorker fetch, ProcessWorker process) {
    this.fetch = fetch;
    this.process = process;
  }

  @Override
  public Optional<String> dead() {
    Throwable failure = fetch.failure();
    if (failure != null) {
      return Optional.of("the fetch worker failed: " + failure);
    }
    if (fetch.awaitTermination(Duration.ZERO)) {
      return Optional.of("the fetch worker stopped");
    }
    if (!fetch.health().live()) {
      return Optional.of("the fetch worker is not live");
    }
    KafkaStreams.State state = process.state();
    if (!state.isRunningOrRebalancing()) {
      return Optional.of("the process worker stopped (Kafka Streams " + state + ")");
    }
    long failedThreads = failedStreamThreads();
    if (failedThreads >= MAX_FAILED_STREAM_THREADS) {
      return Optional.of(
          "the process worker's stream threads failed "
              + failedThreads
              + " times (each was replaced and failed again)");
    }
    return Optional.empty();
  }

  @Override
  public boolean busy() {
    return fetch.inFlight() > 0 || fetch.buffered() > 0;
  }

  @Override
  public long progress() {
    return fetch.completedCount();
  }

  private long failedStreamThreads() {
    double failed = 0;
    for (Meter meter : process.registry().find(FAILED_STREAM_THREADS).meters()) {
      for (Measurement measurement : meter.measure()) {
        failed = Math.max(failed, measurement.getValue());
      }
    }
    return (long) failed;
  }
}
