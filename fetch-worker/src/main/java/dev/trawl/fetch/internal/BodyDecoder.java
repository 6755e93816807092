package dev.trawl.fetch.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.brotli.dec.BrotliInputStream;

/**
 * Decodes the Content-Encodings Jetty leaves alone: {@code deflate} (zlib-wrapped or raw, as
 * servers send both) incrementally, and {@code br} once the compressed body is in (the pure-Java
 * brotli decoder reads from a stream and cannot resume when input runs out mid-way). Either way at
 * most the sink's limit is decoded, so a decompression bomb costs at most the content limit. Gzip
 * is decoded by Jetty before the listener sees it.
 *
 * <p>Thread-safety: used by one exchange's listener, one callback after another.
 */
abstract class BodyDecoder {

  /** Supported encodings, as advertised in Accept-Encoding (gzip is Jetty's). */
  static final String ACCEPT_ENCODING = "gzip, deflate, br";

  /**
   * The decoder of {@code contentEncoding}, or null when the body is kept as it comes (no encoding,
   * identity, gzip already decoded by Jetty, or an encoding not supported).
   */
  static BodyDecoder forEncoding(String contentEncoding, int compressedLimit, BodyBudget budget) {
    if (contentEncoding == null) {
      return null;
    }
    return switch (contentEncoding.trim().toLowerCase(Locale.ROOT)) {
      case "deflate" -> new Deflate();
      case "br" -> new Brotli(compressedLimit, budget);
      default -> null;
    };
  }

  /** Decodes {@code chunk} into {@code sink}; false once the sink is full (stop reading). */
  abstract boolean decode(ByteBuffer chunk, BodySink sink) throws IOException;

  /** Decodes what is left once the body ended; {@code inputCut} when it was not read to its end. */
  abstract void finish(BodySink sink, boolean inputCut) throws IOException;

  /** Frees what the decoder holds (the exchange ended either way). */
  void discard() {}

  /** Deflate, decoded chunk by chunk with an {@link Inflater}. */
  private static final class Deflate extends BodyDecoder {

    private final byte[] out = new byte[16 * 1024];
    private Inflater inflater;

    @Override
    boolean decode(ByteBuffer chunk, BodySink sink) throws IOException {
      if (!chunk.hasRemaining()) {
        return true;
      }
      if (inflater == null) {
        inflater = new Inflater(!zlibHeader(chunk));
      }
      inflater.setInput(chunk);
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
            throw new DataFormatException("deflate content needs a preset dictionary");
          }
        }
      } catch (DataFormatException e) {
        throw new CorruptContentException("corrupt deflate content: " + e.getMessage(), e);
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
    void finish(BodySink sink, boolean inputCut) {
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

  /** Brotli: the compressed body is kept (up to the limit), and decoded at its end. */
  private static final class Brotli extends BodyDecoder {

    private final int compressedLimit;
    private final BodyBudget budget;
    private final ByteArrayOutputStream compressed = new ByteArrayOutputStream(8192);
    private boolean cut;

    Brotli(int compressedLimit, BodyBudget budget) {
      this.compressedLimit = compressedLimit;
      this.budget = budget;
    }

    @Override
    boolean decode(ByteBuffer chunk, BodySink sink) {
      int kept = Math.min(chunk.remaining(), compressedLimit - compressed.size());
      byte[] bytes = new byte[kept];
      chunk.get(bytes);
      compressed.write(bytes, 0, kept);
      budget.reserve(kept);
      if (chunk.hasRemaining()) {
        cut = true; // More compressed bytes than the content limit: what is kept is decoded.
        return false;
      }
      return true;
    }

    @Override
    void finish(BodySink sink, boolean inputCut) throws IOException {
      if (compressed.size() == 0) {
        return; // No body (a redirect, a 204, a HEAD): nothing to decode.
      }
      byte[] buffer = new byte[16 * 1024];
      try (InputStream in =
          new BrotliInputStream(new ByteArrayInputStream(compressed.toByteArray()))) {
        int n;
        while ((n = in.read(buffer, 0, Math.min(buffer.length, sink.room() + 1))) > 0) {
          if (!sink.write(buffer, 0, n)) {
            return;
          }
        }
        if (inputCut || cut) {
          sink.markCut();
        }
      } catch (IOException | RuntimeException e) {
        if (!(inputCut || cut)) {
          throw new CorruptContentException("corrupt brotli content: " + e.getMessage(), e);
        }
        sink.markCut(); // The stream was cut short on purpose: keep what it decoded to.
      } finally {
        discard();
      }
    }

    @Override
    void discard() {
      budget.release(compressed.size());
      compressed.reset();
    }
  }
}
