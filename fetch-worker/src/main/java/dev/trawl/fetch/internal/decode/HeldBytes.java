package dev.trawl.fetch.internal.decode;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A growable array of at most {@code limit} bytes whose whole capacity is counted in a {@link
 * BodyBudget}: every allocation is reserved before it is made, so the budget counts what is held in
 * memory, not only what was written. A size announced in advance (a Content-Length) is allocated
 * only when the budget has room for it; otherwise the array grows as bytes arrive, and bytes that
 * arrived are always kept. Used by one exchange's listener at a time.
 */
final class HeldBytes {

  /** The first allocation when no size was announced, and the least one worth announcing. */
  static final int MIN_CAPACITY = 8192;

  private static final byte[] EMPTY = new byte[0];

  private final int limit;
  private final BodyBudget budget;
  private byte[] bytes = EMPTY;
  private int size;

  HeldBytes(int limit, BodyBudget budget) {
    this.limit = limit;
    this.budget = budget;
  }

  /**
   * Allocates for {@code expected} bytes (capped at the limit) before the first byte, when the
   * budget has room for all of them; does nothing otherwise, so a size announced by a server never
   * takes memory the budget does not have.
   */
  void presize(long expected) {
    int wanted = (int) Math.min(limit, Math.max(0, expected));
    if (bytes.length == 0 && wanted > MIN_CAPACITY && budget.tryReserve(wanted)) {
      bytes = new byte[wanted];
    }
  }

  /** Appends what fits under the limit of {@code data[offset, offset + length)}; how many. */
  int append(byte[] data, int offset, int length) {
    int kept = Math.min(limit - size, length);
    ensureCapacity(size + kept);
    System.arraycopy(data, offset, bytes, size, kept);
    size += kept;
    return kept;
  }

  /** Appends what fits under the limit of the remaining bytes of {@code data}; how many. */
  int append(ByteBuffer data) {
    int kept = Math.min(limit - size, data.remaining());
    ensureCapacity(size + kept);
    data.get(bytes, size, kept);
    size += kept;
    return kept;
  }

  /** Grows to hold {@code needed} bytes (at most the limit), reserving the growth first. */
  private void ensureCapacity(int needed) {
    if (needed <= bytes.length) {
      return;
    }
    long doubled = Math.max(MIN_CAPACITY, 2L * bytes.length);
    int capacity = (int) Math.min(limit, Math.max(needed, doubled));
    budget.reserve(capacity - bytes.length); // These bytes arrived: they are kept whatever held.
    bytes = Arrays.copyOf(bytes, capacity);
  }

  /** The array, valid in {@code [0, size())}; not a copy. */
  byte[] array() {
    return bytes;
  }

  /** Bytes appended. */
  int size() {
    return size;
  }

  /** Bytes allocated, all of them counted in the budget. */
  int capacity() {
    return bytes.length;
  }

  /**
   * Hands over the bytes in an array of exactly their size, trimmed without a copy when the size
   * announced was right; the slack is released, the rest stays counted for the new holder. Leaves
   * this empty.
   */
  byte[] takeExact() {
    byte[] exact = size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    budget.release(bytes.length - size);
    bytes = EMPTY;
    size = 0;
    return exact;
  }

  /** Frees the array and releases all of it from the budget. */
  void release() {
    budget.release(bytes.length);
    bytes = EMPTY;
    size = 0;
  }
}
