package dev.trawl.fetch.internal.offsets;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;
import org.apache.kafka.common.TopicPartition;

/**
 * Which consumed offsets have their outcome acknowledged by Kafka, per partition, and so how far
 * each partition may be committed: up to (not including) the lowest offset still pending.
 * Completion happens out of order; a commit never covers an offset whose outcome is not stored.
 *
 * <p>Offsets never registered (transaction markers, compacted records) are gaps that do not hold a
 * commit back. A committable offset never moves backwards: after a seek back, re-registered offsets
 * are pending again but nothing below the last commit is offered again.
 *
 * <p>Thread-safety: every method is {@code synchronized} on this object. {@link #register}, {@link
 * #committable}, {@link #committed} and {@link #revoke} run on the poll thread; {@link #complete}
 * runs on the Kafka producer's callback thread.
 */
public final class OffsetTracker {

  /** Pending offsets of one partition. */
  private static final class Partition {
    final TreeSet<Long> pending = new TreeSet<>();
    long highestRegistered;

    /** Nothing below this is offered for commit: the start position or the last commit. */
    long committed;

    Partition(long firstOffset) {
      this.highestRegistered = firstOffset - 1;
      this.committed = firstOffset;
    }

    long committable() {
      return pending.isEmpty() ? highestRegistered + 1 : pending.first();
    }
  }

  private final Map<TopicPartition, Partition> partitions = new HashMap<>();

  /** Records that {@code offset} was polled and its outcome is not yet acknowledged. */
  public synchronized void register(TopicPartition tp, long offset) {
    Partition p = partitions.computeIfAbsent(tp, k -> new Partition(offset));
    p.pending.add(offset);
    p.highestRegistered = Math.max(p.highestRegistered, offset);
  }

  /**
   * Marks the outcome of {@code offset} acknowledged; ignored for a partition no longer tracked or
   * an offset not pending (a late duplicate).
   */
  public synchronized void complete(TopicPartition tp, long offset) {
    Partition p = partitions.get(tp);
    if (p != null && p.pending.remove(offset)) {
      notifyAll();
    }
  }

  /**
   * Waits until at most {@code remaining} offsets of {@code among} are pending, or until {@code
   * deadlineNanos} (of {@link System#nanoTime()}); true if the count was reached.
   */
  public synchronized boolean awaitPending(
      Collection<TopicPartition> among, int remaining, long deadlineNanos) {
    while (pending(among) > remaining) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        wait(Math.max(1, left / 1_000_000), 0);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** Offsets of {@code among} registered and not yet complete. */
  public synchronized int pending(Collection<TopicPartition> among) {
    int count = 0;
    for (TopicPartition tp : among) {
      Partition p = partitions.get(tp);
      if (p != null) {
        count += p.pending.size();
      }
    }
    return count;
  }

  /** Per tracked partition: {next offset to consume, last committed offset}. */
  public synchronized Map<TopicPartition, long[]> positions() {
    Map<TopicPartition, long[]> positions = new HashMap<>();
    partitions.forEach(
        (tp, p) -> positions.put(tp, new long[] {p.highestRegistered + 1, p.committed}));
    return positions;
  }

  /** The offsets to commit now: for each partition whose committable offset has advanced. */
  public synchronized Map<TopicPartition, Long> committable() {
    return committable(partitions.keySet());
  }

  /** Like {@link #committable()}, restricted to {@code among}. */
  public synchronized Map<TopicPartition, Long> committable(Collection<TopicPartition> among) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (TopicPartition tp : among) {
      Partition p = partitions.get(tp);
      if (p != null && p.committable() > p.committed) {
        offsets.put(tp, p.committable());
      }
    }
    return offsets;
  }

  /** Records a successful commit, so these offsets are not offered again. */
  public synchronized void committed(Map<TopicPartition, Long> offsets) {
    offsets.forEach(
        (tp, offset) -> {
          Partition p = partitions.get(tp);
          if (p != null) {
            p.committed = Math.max(p.committed, offset);
          }
        });
  }

  /** Forgets {@code revoked} partitions; later completions for them are ignored. */
  public synchronized void revoke(Collection<TopicPartition> revoked) {
    partitions.keySet().removeAll(revoked);
  }

  /** Offsets registered and not yet complete, all partitions together. */
  public synchronized int pending() {
    return partitions.values().stream().mapToInt(p -> p.pending.size()).sum();
  }
}
