package dev.trawl.fetch.internal;

import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.LatencyBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The fetch worker's meters: outcomes by kind, latency, bytes, and gauges of in-flight, buffered
 * and paused work. Every counter of one name carries the same tag keys (Prometheus requires it); a
 * tag that does not apply is {@code none}.
 *
 * <p>Thread-safety: Micrometer meters are thread-safe; the gauges read thread-safe sources.
 */
public final class FetchMetrics {

  static final String NONE = "none";

  private final MeterRegistry registry;
  private final Timer latency;
  private final Counter bytes;
  private final Counter undecodable;
  private final Counter publishFailures;

  public FetchMetrics(
      MeterRegistry registry,
      Supplier<Number> inFlight,
      Supplier<Number> buffered,
      Supplier<Number> pausedPartitions) {
    this.registry = registry;
    Gauge.builder("trawl.fetch.in.flight", inFlight)
        .description("Fetches started and not yet handed to Kafka")
        .register(registry);
    Gauge.builder("trawl.fetch.buffered", buffered)
        .description("Requests polled and not yet started")
        .register(registry);
    Gauge.builder("trawl.fetch.paused.partitions", pausedPartitions)
        .description("Partitions paused for backpressure")
        .register(registry);
    this.latency =
        Timer.builder("trawl.fetch.latency")
            .description("Time from the start of a fetch to its outcome")
            .serviceLevelObjectives(
                Arrays.stream(LatencyBuckets.UPPER_BOUNDS_MS)
                    .mapToObj(Duration::ofMillis)
                    .toArray(Duration[]::new))
            .register(registry);
    this.bytes =
        Counter.builder("trawl.fetch.bytes")
            .baseUnit("bytes")
            .description("Decoded body bytes kept")
            .register(registry);
    this.undecodable =
        Counter.builder("trawl.fetch.undecodable")
            .description("Consumed records that are not a FetchRequest, skipped")
            .register(registry);
    this.publishFailures =
        Counter.builder("trawl.fetch.publish.failures")
            .description("Outcomes Kafka did not store")
            .register(registry);
  }

  /** Counts one outcome that took {@code nanos}. */
  public void outcome(Outcome outcome, long nanos) {
    String kind;
    String statusClass = NONE;
    String errorType = NONE;
    if (outcome instanceof Outcome.Page page) {
      FetchResult result = page.result();
      kind = result.getOutcome().name();
      if (result.getError() == null) {
        statusClass = FetchOutcomes.statusClass(result.getStatus());
      } else {
        errorType = result.getError().getType().name();
      }
      bytes.increment(result.getBody().remaining());
    } else {
      kind = "FAILED";
      errorType = ((Outcome.Failure) outcome).failure().getError().getType().name();
    }
    registry
        .counter(
            "trawl.fetch.outcomes",
            "outcome",
            kind,
            "status_class",
            statusClass,
            "error_type",
            errorType)
        .increment();
    latency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public void undecodable() {
    undecodable.increment();
  }

  public void publishFailed() {
    publishFailures.increment();
  }
}
