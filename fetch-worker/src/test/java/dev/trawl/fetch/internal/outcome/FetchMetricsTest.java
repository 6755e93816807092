package dev.trawl.fetch.internal.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.fetch.internal.decode.BodyBudget;
import dev.trawl.fetch.internal.http.HttpPage;
import dev.trawl.schemas.AvroSerde;
import dev.trawl.schemas.FetchRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class FetchMetricsTest {

  static {
    // Requests are built here before any serde loads; Avro must trust Trawl's types first.
    AvroSerde.trustTrawlRecords();
  }

  static {
    // Records are built below before any serde loads; Avro must trust Trawl's types first.
    AvroSerde.trustTrawlRecords();
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final FetchMetrics metrics = new FetchMetrics(registry, () -> 3, () -> 7, () -> 1);

  @Test
  void countsRetriesByReasonAndDroppedFetches() {
    metrics.retry("CONNECT");
    metrics.retry("CONNECT");
    metrics.retry("HTTP_503");
    metrics.dropped();

    assertThat(registry.get("trawl.fetch.retries").tag("reason", "CONNECT").counter().count())
        .isEqualTo(2);
    assertThat(registry.get("trawl.fetch.retries").tag("reason", "HTTP_503").counter().count())
        .isEqualTo(1);
    assertThat(registry.get("trawl.fetch.dropped").counter().count()).isEqualTo(1);
  }

  @Test
  void gaugesConsumedAndCommittedOffsetsPerPartition() {
    TopicPartition p0 = new TopicPartition("trawl.urls", 0);
    TopicPartition p1 = new TopicPartition("trawl.urls", 1);

    metrics.offsets(Map.of(p0, new long[] {10, 4}, p1, new long[] {3, 3}));
    metrics.offsets(Map.of(p0, new long[] {12, 9}));

    assertThat(registry.get("trawl.fetch.offset.consumed").tag("partition", "0").gauge().value())
        .isEqualTo(12);
    assertThat(registry.get("trawl.fetch.offset.committed").tag("partition", "0").gauge().value())
        .isEqualTo(9);
    assertThat(registry.find("trawl.fetch.offset.consumed").tag("partition", "1").gauge()).isNull();
  }

  @Test
  void gaugesTheHostQueues() {
    metrics.hostQueues(() -> 5, () -> 1.5);

    assertThat(registry.get("trawl.fetch.hosts.with.work").gauge().value()).isEqualTo(5);
    assertThat(registry.get("trawl.fetch.oldest.wait").gauge().value()).isEqualTo(1.5);
    assertThat(registry.get("trawl.fetch.in.flight").gauge().value()).isEqualTo(3);
    assertThat(registry.get("trawl.fetch.paused.partitions").gauge().value()).isEqualTo(1);
  }

  @Test
  void gaugesTheBodyBytesHeldAndTheBudget() {
    BodyBudget budget = new BodyBudget(1_000, 100);
    metrics.bodyBudget(budget::held, budget.capacity());
    budget.reserve(250);

    assertThat(registry.get("trawl.fetch.body.held").gauge().value()).isEqualTo(250);
    assertThat(registry.get("trawl.fetch.body.budget").gauge().value()).isEqualTo(1_000);
  }

  @Test
  void countsAFailureAfterRetriesByItsErrorType() {
    metrics.outcome(
        FetchOutcomes.of(
            FetchRequest.newBuilder()
                .setUrl("http://127.0.0.1/a")
                .setHost("127.0.0.1")
                .setCrawlId("c")
                .setEnqueuedAt(1L)
                .build(),
            new HttpPage(503, "http://127.0.0.1/a", List.of(), Map.of(), null, new byte[0], false),
            null,
            1,
            2,
            3),
        1_000_000);

    assertThat(
            registry
                .get("trawl.fetch.outcomes")
                .tags("outcome", "FAILED", "status_class", "none", "error_type", "HTTP_STATUS")
                .counter()
                .count())
        .isEqualTo(1);
  }
}
