package dev.trawl.fetch.internal;

import java.io.ByteArrayOutputStream;

/**
 * The decoded body of one response: keeps at most {@code limit} bytes, counting every byte kept in
 * the {@link BodyBudget}. Used by one exchange's listener at a time (see {@link PageListener}).
 */
final class BodySink implements ByteSink {

  private final int limit;
  private final BodyBudget budget;
  private ByteArrayOutputStream bytes;
  private boolean full;

  BodySink(int limit, BodyBudget budget) {
    this.limit = limit;
    this.budget = budget;
  }

  /** Allocates for {@code expected} bytes (a hint, capped at the limit). */
  void expect(long expected) {
    if (bytes == null) {
      bytes = new ByteArrayOutputStream((int) Math.min(limit, Math.max(8192, expected)));
    }
  }

  /**
   * Keeps as much of {@code data[offset, offset + length)} as fits; returns false when some did not
   * fit (the body is then cut and full).
   */
  @Override
  public boolean write(byte[] data, int offset, int length) {
    expect(length);
    int kept = Math.min(limit - bytes.size(), length);
    bytes.write(data, offset, kept);
    budget.reserve(kept);
    if (kept < length) {
      full = true;
    }
    return !full;
  }

  /** Room left before the limit. */
  @Override
  public int room() {
    return bytes == null ? limit : limit - bytes.size();
  }

  /** True once bytes past the limit were refused. */
  boolean full() {
    return full;
  }

  /** Marks the body cut although nothing past the limit was seen (input cut short). */
  @Override
  public void markCut() {
    full = true;
  }

  /** The bytes kept; their budget stays reserved for whoever holds them next. */
  byte[] toByteArray() {
    return bytes == null ? new byte[0] : bytes.toByteArray();
  }

  /** Releases every byte kept (the exchange failed: nobody holds them). */
  void discard() {
    if (bytes != null) {
      budget.release(bytes.size());
      bytes = null;
    }
  }
}
