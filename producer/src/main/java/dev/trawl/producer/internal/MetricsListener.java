package dev.trawl.producer.internal;

import dev.trawl.producer.ProduceListener;
import dev.trawl.producer.Rejection;
import dev.trawl.schemas.FetchRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts input lines by outcome as {@code trawl_producer_lines_total{outcome=...}}. */
public final class MetricsListener implements ProduceListener {

  private final Counter accepted;
  private final Counter rejected;
  private final Counter duplicates;

  public MetricsListener(MeterRegistry registry) {
    accepted = counter(registry, "accepted");
    rejected = counter(registry, "rejected");
    duplicates = counter(registry, "duplicate");
  }

  @Override
  public void rejected(Rejection rejection) {
    rejected.increment();
  }

  @Override
  public void duplicate(long lineNumber, String line, String url) {
    duplicates.increment();
  }

  @Override
  public void accepted(long lineNumber, String line, FetchRequest request) {
    accepted.increment();
  }

  private static Counter counter(MeterRegistry registry, String outcome) {
    return Counter.builder("trawl.producer.lines")
        .description("Input lines handled, by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }
}
