package dev.trawl.fetch.internal.decode;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Decodes {@code deflate} chunk by chunk with an {@link java.util.zip.Inflater}, zlib-wrapped or
 * raw (servers send both). An incomplete stream keeps what it decoded.
 *
 * <p>Thread-safety: used by one exchange's listener, one callback after another.
 */
final class InflateDecoder extends InflatingDecoder {

  InflateDecoder() {
    super("deflate");
  }

  @Override
  public boolean decode(ByteBuffer chunk, ByteSink sink) throws IOException {
    if (!chunk.hasRemaining()) {
      return true;
    }
    inflater(!zlibHeader(chunk)).setInput(chunk);
    return inflate(sink);
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
}
