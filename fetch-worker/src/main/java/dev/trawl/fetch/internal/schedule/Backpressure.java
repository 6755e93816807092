package dev.trawl.fetch.internal.schedule;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.TopicPartition;

/**
 * Decides which partitions to pause: each assigned partition may hold an equal share of the buffer
 * (records polled and not yet started); above its share it is paused, at half of it resumed.
 * Sharing per partition, not globally, keeps a partition of slow hosts from filling the whole
 * buffer and starving the others.
 *
 * <p>Thread-safety: counts are atomics in a concurrent map and the paused set is concurrent. {@link
 * #assigned}, {@link #revoked}, {@link #queued}, {@link #toPause} and {@link #toResume} run on the
 * poll thread; {@link #started} runs on whichever thread starts a fetch. A start racing with a
 * revocation may be lost from a count; counts never go below zero.
 */
public final class Backpressure {

  private final int maxBuffered;
  private final Map<TopicPartition, AtomicInteger> buffered = new ConcurrentHashMap<>();
  private final Set<TopicPartition> paused = ConcurrentHashMap.newKeySet();

  /** Written by the poll thread on assignment changes, read by any thread. */
  private volatile int share;

  public Backpressure(int maxBuffered) {
    if (maxBuffered < 1) {
      throw new IllegalArgumentException("maxBuffered must be at least 1, was " + maxBuffered);
    }
    this.maxBuffered = maxBuffered;
    this.share = maxBuffered;
  }

  public void assigned(Collection<TopicPartition> partitions) {
    partitions.forEach(p -> buffered.putIfAbsent(p, new AtomicInteger()));
    share = Math.max(1, maxBuffered / Math.max(1, buffered.size()));
  }

  public void revoked(Collection<TopicPartition> partitions) {
    partitions.forEach(buffered::remove);
    paused.removeAll(partitions);
    share = Math.max(1, maxBuffered / Math.max(1, buffered.size()));
  }

  /** A record of {@code partition} was queued. */
  public void queued(TopicPartition partition) {
    buffered.computeIfAbsent(partition, p -> new AtomicInteger()).incrementAndGet();
  }

  /**
   * A record of {@code partition} left the buffer (its fetch started); true when the partition is
   * paused and has drained enough to resume.
   */
  public boolean started(TopicPartition partition) {
    AtomicInteger count = buffered.get(partition);
    if (count == null) {
      return false;
    }
    int left = count.updateAndGet(n -> Math.max(0, n - 1));
    return left <= resumeLevel() && paused.contains(partition);
  }

  /** Partitions over their share and not yet paused; they are counted as paused from now on. */
  public List<TopicPartition> toPause() {
    List<TopicPartition> toPause = new ArrayList<>();
    buffered.forEach(
        (partition, count) -> {
          if (count.get() > share && paused.add(partition)) {
            toPause.add(partition);
          }
        });
    return toPause;
  }

  /** Paused partitions drained to half their share; they are counted as running from now on. */
  public List<TopicPartition> toResume() {
    List<TopicPartition> toResume = new ArrayList<>();
    for (TopicPartition partition : paused) {
      AtomicInteger count = buffered.get(partition);
      if ((count == null || count.get() <= resumeLevel()) && paused.remove(partition)) {
        toResume.add(partition);
      }
    }
    return toResume;
  }

  /** Partitions paused now. */
  public int pausedCount() {
    return paused.size();
  }

  /** Records each partition may buffer before it is paused. */
  public int share() {
    return share;
  }

  private int resumeLevel() {
    return share / 2;
  }
}
