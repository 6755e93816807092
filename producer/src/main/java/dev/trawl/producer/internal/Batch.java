package dev.trawl.producer.internal;

import dev.trawl.producer.ProduceSummary;
import dev.trawl.producer.RejectReason;
import dev.trawl.producer.Rejection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * The counts of one batch of URLs. The line counts are written and read by the publishing thread
 * only. The acknowledgement counts are written by the Kafka producer's I/O thread through {@link
 * #onCompletion} and read by the publishing thread, hence the atomics; after {@code
 * producer.flush()} returns every callback of the batch has run, so the counts are final.
 */
public final class Batch implements Callback {

  private final int keptRejections;
  private final List<Rejection> rejections = new ArrayList<>();
  private final Map<RejectReason, Long> rejectedByReason = new EnumMap<>(RejectReason.class);
  private long lines;
  private long accepted;
  private long duplicates;

  private final LongAdder published = new LongAdder();
  private final LongAdder failedSends = new LongAdder();
  private final AtomicReference<Exception> firstSendError = new AtomicReference<>();

  /** A batch that keeps the first {@code keptRejections} rejected lines. */
  public Batch(int keptRejections) {
    this.keptRejections = keptRejections;
  }

  public void lineRead() {
    lines++;
  }

  public void rejected(Rejection rejection) {
    rejectedByReason.merge(rejection.reason(), 1L, Long::sum);
    if (rejections.size() < keptRejections) {
      rejections.add(rejection);
    }
  }

  public void duplicate() {
    duplicates++;
  }

  public void accepted() {
    accepted++;
  }

  @Override
  public void onCompletion(RecordMetadata metadata, Exception exception) {
    if (exception == null) {
      published.increment();
    } else {
      firstSendError.compareAndSet(null, exception);
      failedSends.increment();
    }
  }

  /** The first send Kafka failed, if any; may be set at any time until the batch is flushed. */
  public Optional<Exception> firstSendError() {
    return Optional.ofNullable(firstSendError.get());
  }

  /** The summary of a batch whose sends have all completed. */
  public ProduceSummary summary(Duration elapsed, Optional<String> failure) {
    return new ProduceSummary(
        lines,
        accepted,
        rejectedByReason,
        duplicates,
        published.sum(),
        failedSends.sum(),
        elapsed,
        rejections,
        failure);
  }
}
