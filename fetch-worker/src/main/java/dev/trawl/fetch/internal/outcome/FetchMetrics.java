package dev.trawl.fetch.internal.outcome;

import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.FinalOutcome;
import dev.trawl.schemas.LatencyBuckets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.common.TopicPartition;

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
  private final Counter dropped;
  private final MultiGauge consumedOffsets;
  private final MultiGauge committedOffsets;

  public FetchMetrics(
      MeterRegistry registry,
      Supplier<Number> inFlight,
      Supplier<Number> buffered,
      Supplier<Number> pausedPartitions) {
    this.registry = registry;
    Gauge.builder("trawl.fetch.in.flight", inFlight)
        .description("Fetches started and not yet ended")
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
            .description("Consumed records that are not a FetchRequest, sent to the process DLQ")
            .register(registry);
    this.dropped =
        Counter.builder("trawl.fetch.dropped")
            .description("Fetches of revoked partitions ended without an outcome after the grace")
            .register(registry);
    this.consumedOffsets =
        MultiGauge.builder("trawl.fetch.offset.consumed")
            .description("Next offset to consume, per assigned partition")
            .register(registry);
    this.committedOffsets =
        MultiGauge.builder("trawl.fetch.offset.committed")
            .description("Last committed offset, per assigned partition")
            .register(registry);
  }

  /** Gauges of the host queues: hosts with queued work, and how long the oldest item waited. */
  public void hostQueues(Supplier<Number> hostsWithWork, Supplier<Number> oldestWaitSeconds) {
    Gauge.builder("trawl.fetch.hosts.with.work", hostsWithWork)
        .description("Hosts with requests queued")
        .register(registry);
    Gauge.builder("trawl.fetch.oldest.wait", oldestWaitSeconds)
        .baseUnit("seconds")
        .description("How long the oldest queued request has waited")
        .register(registry);
  }

  /** Gauges of the body budget: bytes of response bodies held now, and the budget. */
  public void bodyBudget(Supplier<Number> held, long capacity) {
    Gauge.builder("trawl.fetch.body.held", held)
        .baseUnit("bytes")
        .description("Response body bytes held in memory, from allocation until Kafka stored them")
        .register(registry);
    Gauge.builder("trawl.fetch.body.budget", () -> capacity)
        .baseUnit("bytes")
        .description("Body bytes held before new fetches wait (--body-budget-bytes)")
        .register(registry);
  }

  /** Gauge of the outcomes built and not yet taken by the producer (at most --max-in-flight). */
  public void outcomesWaiting(Supplier<Number> waiting) {
    Gauge.builder("trawl.fetch.outcomes.waiting", waiting)
        .description("Outcomes waiting for the Kafka producer; at --max-in-flight no fetch starts")
        .register(registry);
  }

  /** Sets the offset gauges: partition to {consumed, committed}. */
  public void offsets(Map<TopicPartition, long[]> positions) {
    List<MultiGauge.Row<?>> consumed = new ArrayList<>();
    List<MultiGauge.Row<?>> committed = new ArrayList<>();
    positions.forEach(
        (tp, p) -> {
          Tags tags = Tags.of("topic", tp.topic(), "partition", String.valueOf(tp.partition()));
          consumed.add(MultiGauge.Row.of(tags, p[0]));
          committed.add(MultiGauge.Row.of(tags, p[1]));
        });
    consumedOffsets.register(consumed, true);
    committedOffsets.register(committed, true);
  }

  /** Counts a retry scheduled because of {@code reason} (an error type or HTTP_status). */
  public void retry(String reason) {
    registry.counter("trawl.fetch.retries", "reason", reason).increment();
  }

  /** Counts a fetch of a revoked partition ended without an outcome. */
  public void dropped() {
    dropped.increment();
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
      kind = FinalOutcome.FAILED.name();
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

  /** Counts a send Kafka did not store, by what it means: transient, refused or fatal. */
  public void publishFailed(PublishErrors.Kind kind) {
    registry
        .counter("trawl.fetch.publish.failures", "kind", kind.name().toLowerCase(Locale.ROOT))
        .increment();
  }

  /** Gauge of the outcomes waiting to be sent again: more than none while Kafka is unreachable. */
  public void publishResends(Supplier<Number> waiting) {
    Gauge.builder("trawl.fetch.publish.resends", waiting)
        .description("Outcomes waiting to be sent to Kafka again after a transient failure")
        .register(registry);
  }
}
