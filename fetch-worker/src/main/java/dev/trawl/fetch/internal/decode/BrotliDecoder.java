package dev.trawl.fetch.internal.decode;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.brotli.dec.BrotliInputStream;

/**
 * Decodes {@code br} once its input is in: the pure-Java brotli decoder reads from a stream and
 * cannot resume when input runs out mid-way, so the encoded bytes are kept (at most the content
 * limit, counted in the {@link BodyBudget}) and decoded at the end. Input cut short decodes to what
 * it holds and marks the output cut; anything else that does not decode is corrupt.
 *
 * <p>Thread-safety: used by one exchange's listener, one callback after another.
 */
final class BrotliDecoder extends BodyDecoder {

  /** The encoded bytes, their whole allocation counted in the budget. */
  private final HeldBytes compressed;

  private boolean cut;

  BrotliDecoder(int compressedLimit, BodyBudget budget) {
    this.compressed = new HeldBytes(compressedLimit, budget);
  }

  @Override
  public boolean decode(ByteBuffer chunk, ByteSink sink) {
    compressed.append(chunk);
    if (chunk.hasRemaining()) {
      cut = true; // More compressed bytes than the content limit: what is kept is decoded.
      return false;
    }
    return true;
  }

  @Override
  public void finish(ByteSink sink, boolean inputCut) throws IOException {
    try {
      if (compressed.size() > 0) { // Else no body (a redirect, a 204, a HEAD): nothing to decode.
        decodeAll(sink, inputCut || cut);
      }
    } finally {
      discard();
    }
  }

  /** Decodes the kept bytes into {@code sink} until their end or until the sink is full. */
  private void decodeAll(ByteSink sink, boolean shortInput) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    InputStream in = null; // Reads from memory: nothing to close.
    int n;
    do {
      try {
        if (in == null) {
          in =
              new BrotliInputStream(
                  new ByteArrayInputStream(compressed.array(), 0, compressed.size()));
        }
        n = in.read(buffer, 0, (int) Math.min(buffer.length, sink.room() + 1L));
      } catch (IOException | RuntimeException e) {
        if (!shortInput) {
          throw new CorruptContentException("corrupt brotli content: " + e.getMessage(), e);
        }
        sink.markCut(); // The stream was cut short on purpose: keep what it decoded to.
        return;
      }
      // Written outside the try: a failure of the next layer is that layer's, not brotli's.
    } while (n > 0 && sink.write(buffer, 0, n));
    if (n <= 0 && shortInput) {
      sink.markCut();
    }
  }

  @Override
  public void discard() {
    compressed.release();
  }
}
