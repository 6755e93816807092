package dev.trawl.fetch.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes {@code deflate} chunk by chunk with an {@link Inflater}, zlib-wrapped or raw (servers
 * send both). An incomplete stream keeps what it decoded.
 *
 * <p>Thread-safety: used by one exchange's listener, one callback after another.
 */
final class InflateDecoder extends BodyDecoder {

  private final byte[] out = new byte[16 * 1024];
  private Inflater inflater;

  @Override
  boolean decode(ByteBuffer chunk, ByteSink sink) throws IOException {
    if (!chunk.hasRemaining()) {
      return true;
    }
    if (inflater == null) {
      inflater = new Inflater(!zlibHeader(chunk));
    }
    inflater.setInput(chunk);
    return inflate(inflater, out, sink, "deflate");
  }

  /**
   * Inflates the input {@code inflater} was given into {@code sink}, through {@code out}, until the
   * input is used up or the stream ends; false once the sink is full.
   *
   * @param coding the Content-Encoding, for the message of a {@link CorruptContentException}
   */
  static boolean inflate(Inflater inflater, byte[] out, ByteSink sink, String coding)
      throws IOException {
    try {
      while (true) {
        int n = inflater.inflate(out);
        if (n > 0) {
          if (!sink.write(out, 0, n)) {
            return false;
          }
        } else if (inflater.finished() || inflater.needsInput()) {
          return true;
        } else {
          throw new DataFormatException(coding + " content needs a preset dictionary");
        }
      }
    } catch (DataFormatException e) {
      throw new CorruptContentException("corrupt " + coding + " content: " + e.getMessage(), e);
    }
  }

  /** RFC 1950: CM 8, a window of at most 32 KiB and a header checksum divisible by 31. */
  private static boolean zlibHeader(ByteBuffer chunk) {
    int cmf = chunk.get(chunk.position()) & 0xFF;
    if ((cmf & 0x0F) != 8 || (cmf >> 4) > 7) {
      return false;
    }
    if (chunk.remaining() < 2) {
      return true;
    }
    int flg = chunk.get(chunk.position() + 1) & 0xFF;
    return ((cmf << 8) | flg) % 31 == 0;
  }

  @Override
  void finish(ByteSink sink, boolean inputCut) {
    discard();
  }

  @Override
  void discard() {
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
  }
}
