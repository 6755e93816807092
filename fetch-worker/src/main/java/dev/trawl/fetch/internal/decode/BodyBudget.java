package dev.trawl.fetch.internal.decode;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of response bodies held in memory by all fetches together, from their allocation
 * (before the first byte lands in it) until the outcome holding them is handed to the producer (or
 * dropped): what is counted is what is allocated, never only what was written. It is a start gate:
 * a new fetch starts only while a whole response (the content limit) still fits in the budget, so
 * the bytes held exceed the budget at most by what the responses already receiving when it filled
 * up add, and each of those stops at the content limit. Nothing held means room: a fetch can always
 * start then.
 *
 * <p>Thread-safety: atomics only; {@link #release} runs the waiter (at most once per exhaustion) on
 * the releasing thread.
 */
public final class BodyBudget {

  private final long capacity;
  private final long perResponse;
  private final AtomicLong held = new AtomicLong();

  /** Set when a start was refused; the next release that makes room clears it and runs waiter. */
  private final AtomicBoolean waiting = new AtomicBoolean();

  /** Written once before any fetch (by the owner), read by releasing threads. */
  private volatile Runnable waiter = () -> {};

  /**
   * @param capacity bytes of bodies held at most before new fetches wait
   * @param perResponse the most one response holds (the content limit)
   */
  public BodyBudget(long capacity, long perResponse) {
    if (capacity < perResponse) {
      throw new IllegalArgumentException(
          "the body budget (" + capacity + ") must hold one whole response (" + perResponse + ")");
    }
    this.capacity = capacity;
    this.perResponse = perResponse;
  }

  /** A budget no fetch ever waits for (the content limit bounds each response). */
  public static BodyBudget unlimited(long perResponse) {
    return new BodyBudget(Long.MAX_VALUE, perResponse);
  }

  /** Runs {@code value} when bytes are released after a start was refused. */
  public void onRoom(Runnable value) {
    this.waiter = value;
  }

  /** True when a new fetch may start; when false, {@link #onRoom} runs once room is made. */
  public boolean admits() {
    if (hasRoom()) {
      return true;
    }
    waiting.set(true);
    // Bytes released between the check and the flag would not wake anyone: look again.
    return hasRoom() && waiting.compareAndSet(true, false);
  }

  private boolean hasRoom() {
    long now = held.get();
    return now == 0 || now <= capacity - perResponse;
  }

  /** Counts {@code bytes} more held, whatever is held already (they arrived: they are kept). */
  public void reserve(long bytes) {
    held.addAndGet(bytes);
  }

  /**
   * Counts {@code bytes} more held only when they fit in the capacity with what is held; true when
   * they were counted. For memory taken in advance, such as a buffer sized from a Content-Length.
   */
  public boolean tryReserve(long bytes) {
    long now;
    do {
      now = held.get();
      if (now > capacity - bytes) {
        return false;
      }
    } while (!held.compareAndSet(now, now + bytes));
    return true;
  }

  /** Counts {@code bytes} no longer held, and wakes a refused start once there is room. */
  public void release(long bytes) {
    if (bytes == 0) {
      return;
    }
    held.addAndGet(-bytes);
    if (waiting.get() && hasRoom() && waiting.compareAndSet(true, false)) {
      waiter.run();
    }
  }

  /** Bytes held now. */
  public long held() {
    return held.get();
  }

  /** The capacity. */
  public long capacity() {
    return capacity;
  }
}
