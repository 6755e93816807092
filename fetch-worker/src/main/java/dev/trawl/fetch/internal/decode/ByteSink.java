package dev.trawl.fetch.internal.decode;

import java.io.IOException;

/**
 * Where a {@link BodyDecoder} puts what it decoded: the response body ({@link BodySink}) or the
 * next decoder of a chain of Content-Encodings. Used by one exchange's listener at a time.
 */
public interface ByteSink {

  /**
   * Takes {@code data[offset, offset + length)}; false when not all of it fit and nothing more is
   * wanted (the body is full, so the exchange stops).
   */
  boolean write(byte[] data, int offset, int length) throws IOException;

  /** Bytes this sink still takes before it is full; a bound for how much to decode at once. */
  int room();

  /** Marks what this sink received as cut short although it did not overflow. */
  void markCut();
}
