package dev.trawl.producer.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeoutException;

/**
 * A request body read as it arrives, refused past {@code limit} bytes: a read beyond the limit
 * fails with {@link TooLarge}, and a read the server's idle timeout ended is remembered, so that
 * the answer can say which happened. Calls {@code atEnd} once when the whole body has been read.
 * Used by the thread handling the request.
 */
public final class RequestBody extends FilterInputStream {

  /** The body went past the limit; what was read before stays read. */
  public static final class TooLarge extends IOException {
    TooLarge(long limit) {
      super("the body is more than " + limit + " bytes", null);
    }
  }

  private final long limit;
  private final Runnable atEnd;
  private long read;
  private boolean tooLarge;
  private boolean timedOut;
  private boolean ended;

  public RequestBody(InputStream in, long limit, Runnable atEnd) {
    super(in);
    this.limit = limit;
    this.atEnd = atEnd;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    if (tooLarge) {
      throw new TooLarge(limit);
    }
    int n;
    try {
      n = super.read(into, offset, (int) Math.min(length, limit + 1 - read));
    } catch (IOException e) {
      if (e.getCause() instanceof TimeoutException) {
        timedOut = true;
      }
      throw e;
    }
    if (n < 0) {
      if (!ended) {
        ended = true;
        atEnd.run();
      }
      return n;
    }
    read += n;
    if (read > limit) {
      tooLarge = true;
      throw new TooLarge(limit);
    }
    return n;
  }

  /** True once a read went past the limit. */
  public boolean tooLarge() {
    return tooLarge;
  }

  /** True once a read ended because the client sent nothing for the read timeout. */
  public boolean timedOut() {
    return timedOut;
  }
}
