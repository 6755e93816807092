package dev.trawl.producer;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one batch did. Every line read is skipped (blank or comment), rejected, a duplicate, or
 * accepted; every accepted URL is either published (acknowledged by Kafka) or a failed send once
 * the batch is over.
 *
 * @param lines lines read
 * @param accepted valid, distinct URLs handed to Kafka
 * @param rejectedByReason rejected lines per reason (only reasons that occurred, in enum order)
 * @param duplicates lines repeating a URL accepted earlier in the batch (after normalisation)
 * @param published accepted URLs acknowledged by Kafka
 * @param failedSends accepted URLs Kafka did not acknowledge
 * @param elapsed from the start of the batch until every send had completed
 * @param rejections the first {@link UrlProducer#KEPT_REJECTIONS} rejected lines, in input order
 * @param failure why the batch could not be completed (Kafka unreachable, a send failed, the input
 *     could not be read, the producer was stopped), or empty
 */
public record ProduceSummary(
    long lines,
    long accepted,
    Map<RejectReason, Long> rejectedByReason,
    long duplicates,
    long published,
    long failedSends,
    Duration elapsed,
    List<Rejection> rejections,
    Optional<String> failure) {

  /** Copies the collections. */
  public ProduceSummary {
    EnumMap<RejectReason, Long> byReason = new EnumMap<>(RejectReason.class);
    byReason.putAll(rejectedByReason);
    rejectedByReason = Collections.unmodifiableMap(byReason);
    rejections = List.copyOf(rejections);
  }

  /** All rejected lines. */
  public long rejected() {
    return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Published URLs per second of {@link #elapsed()}. */
  public double urlsPerSecond() {
    long nanos = Math.max(1, elapsed.toNanos());
    return published * 1e9 / nanos;
  }

  /** True when every accepted URL was published and the whole input was read. */
  public boolean completed() {
    return failure.isEmpty() && failedSends == 0;
  }
}
