package dev.trawl.fetch.internal.offsets;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits what the {@link OffsetTracker} says is complete: asynchronously at an interval while
 * running, synchronously on revocation and on close. Poll thread only, like the consumer.
 */
public final class OffsetCommitter {

  private static final Logger log = LoggerFactory.getLogger(OffsetCommitter.class);

  private final Consumer<?, ?> consumer;
  private final OffsetTracker offsets;
  private final long intervalNanos;
  private long nextCommitNanos;

  public OffsetCommitter(Consumer<?, ?> consumer, OffsetTracker offsets, Duration interval) {
    this.consumer = consumer;
    this.offsets = offsets;
    this.intervalNanos = interval.toNanos();
    this.nextCommitNanos = System.nanoTime() + intervalNanos;
  }

  /** Commits asynchronously what is complete, at most once per interval. */
  public void commitIfDue() {
    long now = System.nanoTime();
    if (now - nextCommitNanos < 0) {
      return;
    }
    nextCommitNanos = now + intervalNanos;
    Map<TopicPartition, Long> committable = offsets.committable();
    if (committable.isEmpty()) {
      return;
    }
    consumer.commitAsync(
        toCommit(committable),
        (done, e) -> {
          if (e == null) {
            offsets.committed(committable);
          } else {
            log.debug("commit failed, retried at the next interval: {}", e.toString());
          }
        });
  }

  /** Commits synchronously what is complete in {@code committable}; a failure is logged. */
  public void commitSync(Map<TopicPartition, Long> committable) {
    if (committable.isEmpty()) {
      return;
    }
    try {
      try {
        consumer.commitSync(toCommit(committable));
      } catch (WakeupException e) {
        // A wakeup meant for a poll reached this call instead; it fires only once.
        consumer.commitSync(toCommit(committable));
      }
      offsets.committed(committable);
    } catch (KafkaException e) {
      log.warn("cannot commit {}: {}", committable, e.toString());
    }
  }

  private static Map<TopicPartition, OffsetAndMetadata> toCommit(
      Map<TopicPartition, Long> offsets) {
    Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
    offsets.forEach((tp, offset) -> commit.put(tp, new OffsetAndMetadata(offset)));
    return commit;
  }
}
