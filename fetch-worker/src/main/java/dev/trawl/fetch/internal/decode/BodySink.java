package dev.trawl.fetch.internal.decode;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The decoded body of one response: keeps at most {@code limit} bytes, counting every byte kept in
 * the {@link BodyBudget}. Used by one exchange's listener at a time.
 *
 * <p>Holds its bytes in one array sized from the expected length, so that a body whose
 * Content-Length was right is handed on without a copy.
 */
public final class BodySink implements ByteSink {

  private static final int MIN_CAPACITY = 8192;

  private final int limit;
  private final BodyBudget budget;
  private byte[] bytes;
  private int size;
  private boolean full;

  public BodySink(int limit, BodyBudget budget) {
    this.limit = limit;
    this.budget = budget;
  }

  /** Allocates for {@code expected} bytes (a hint, capped at the limit) unless already done. */
  public void expect(long expected) {
    if (bytes == null) {
      bytes = new byte[(int) Math.min(limit, Math.max(MIN_CAPACITY, expected))];
    }
  }

  /**
   * Keeps as much of {@code data[offset, offset + length)} as fits; returns false when some did not
   * fit (the body is then cut and full).
   */
  @Override
  public boolean write(byte[] data, int offset, int length) {
    int kept = reserve(length);
    System.arraycopy(data, offset, bytes, size, kept);
    size += kept;
    return !full;
  }

  /** Like {@link #write(byte[], int, int)} for the remaining bytes of {@code data}. */
  public boolean write(ByteBuffer data) {
    int kept = reserve(data.remaining());
    data.get(bytes, size, kept);
    size += kept;
    return !full;
  }

  /** Makes room for up to {@code length} more bytes; returns how many fit (and will be kept). */
  private int reserve(int length) {
    expect(length);
    int kept = Math.min(limit - size, length);
    if (size + kept > bytes.length) {
      bytes = Arrays.copyOf(bytes, (int) Math.min(limit, Math.max(size + kept, 2L * bytes.length)));
    }
    budget.reserve(kept);
    if (kept < length) {
      full = true;
    }
    return kept;
  }

  /** Room left before the limit. */
  @Override
  public int room() {
    return limit - size;
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

  /**
   * The bytes kept (the sink's own array when the expected length was right: nothing may be written
   * after this); their budget stays reserved for whoever holds them next.
   */
  public byte[] toByteArray() {
    if (bytes == null) {
      return new byte[0];
    }
    return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
  }

  /** Releases every byte kept (the exchange failed: nobody holds them). */
  public void discard() {
    if (bytes != null) {
      budget.release(size);
      bytes = null;
      size = 0;
    }
  }
}
