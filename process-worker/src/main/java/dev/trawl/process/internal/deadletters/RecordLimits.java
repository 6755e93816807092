package dev.trawl.process.internal.deadletters;

import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The largest record value the worker writes to each topic: {@code --max-record-bytes}, lowered for
 * a topic whose broker refused a smaller value for good (its max.message.bytes is lower). The
 * sinks' {@link SizeCheckedSerde} read it before every send; {@link ProductionDeadLetterHandler}
 * lowers it on a refusal, so that when the task processes the refused record again (exactly-once
 * aborts the transaction a refusal leaves behind) the record becomes a dead letter instead of being
 * refused again. Thread-safe: shared by every stream thread and producer I/O thread of a worker.
 */
public final class RecordLimits {

  /** Config key under which the worker passes its limits to the production handler. */
  public static final String CONFIG = "trawl.process.record.limits";

  private final int maxBytes;
  private final ConcurrentMap<String, Integer> lowered = new ConcurrentHashMap<>();

  /**
   * The refusals counted so far, by identity: a producer fails every other record of the doomed
   * transaction with the same exception instance, and those records were not refused themselves.
   */
  private final Set<Throwable> refusals =
      Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

  /** Limits of {@code maxBytes} for every topic. */
  public RecordLimits(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The largest value the worker writes to {@code topic}. */
  public int maxBytes(String topic) {
    return lowered.getOrDefault(topic, maxBytes);
  }

  /**
   * Records that {@code topic} refused a value of {@code bytes} with {@code refusal}, unless that
   * exception was reported before (then it only failed a record after the refused one); returns
   * whether the limit was lowered.
   */
  public boolean refused(String topic, int bytes, Throwable refusal) {
    if (bytes <= 0 || !refusals.add(refusal)) {
      return false;
    }
    lowered.merge(topic, Math.min(maxBytes, bytes - 1), Math::min);
    return true;
  }
}
