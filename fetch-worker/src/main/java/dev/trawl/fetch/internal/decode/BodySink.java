package dev.trawl.fetch.internal.decode;

import java.nio.ByteBuffer;

/**
 * The decoded body of one response: keeps at most {@code limit} bytes in one array whose whole
 * capacity is counted in the {@link BodyBudget} ({@link HeldBytes}). Used by one exchange's
 * listener at a time.
 *
 * <p>The array is sized from the expected length when the budget has room for it, so that a body
 * whose Content-Length was right is handed on without a copy; a Content-Length larger than the
 * budget's room (or a lying one) allocates nothing in advance.
 */
public final class BodySink implements ByteSink {

  private final int limit;
  private final HeldBytes held;
  private boolean full;

  public BodySink(int limit, BodyBudget budget) {
    this.limit = limit;
    this.held = new HeldBytes(limit, budget);
  }

  /**
   * Allocates for {@code expected} bytes (a hint, capped at the limit) before the first byte, when
   * the budget has room for them.
   */
  public void expect(long expected) {
    held.presize(expected);
  }

  /**
   * Keeps as much of {@code data[offset, offset + length)} as fits; returns false when some did not
   * fit (the body is then cut and full).
   */
  @Override
  public boolean write(byte[] data, int offset, int length) {
    if (held.append(data, offset, length) < length) {
      full = true;
    }
    return !full;
  }

  /** Like {@link #write(byte[], int, int)} for the remaining bytes of {@code data}. */
  public boolean write(ByteBuffer data) {
    held.append(data);
    if (data.hasRemaining()) {
      full = true;
    }
    return !full;
  }

  /** Room left before the limit. */
  @Override
  public int room() {
    return limit - held.size();
  }

  /** True once bytes past the limit were refused. */
  public boolean full() {
    return full;
  }

  /** Marks the body cut although nothing past the limit was seen (input cut short). */
  @Override
  public void markCut() {
    full = true;
  }

  /** Bytes allocated for the body, all counted in the budget. */
  int capacity() {
    return held.capacity();
  }

  /**
   * The bytes kept, in an array of exactly their size (the sink's own when the expected length was
   * right: nothing may be written after this); their budget stays reserved for whoever holds them
   * next, any slack is released.
   */
  public byte[] toByteArray() {
    return held.takeExact();
  }

  /** Releases every byte held (the exchange failed: nobody holds them). */
  public void discard() {
    held.release();
  }
}
