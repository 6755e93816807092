package dev.trawl.fetch.internal.decode;

import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A decoder whose data is deflate, inflated by one {@link Inflater} ({@code deflate} itself, and
 * the members of {@code gzip}); the inflater is created on first use and ended with the exchange.
 *
 * <p>Thread-safety: used by one exchange's listener, one callback after another.
 */
abstract class InflatingDecoder extends BodyDecoder {

  private final String coding;
  private final byte[] out = new byte[16 * 1024];
  private Inflater inflater;

  /**
   * @param coding the Content-Encoding, for the message of a {@link CorruptContentException}
   */
  InflatingDecoder(String coding) {
    this.coding = coding;
  }

  /** The inflater, created on first use for raw deflate data ({@code nowrap}) or zlib-wrapped. */
  final Inflater inflater(boolean nowrap) {
    if (inflater == null) {
      inflater = new Inflater(nowrap);
    }
    return inflater;
  }

  /**
   * Inflates the input the inflater was given into {@code sink} until the input is used up or the
   * stream ends; false once the sink is full.
   */
  final boolean inflate(ByteSink sink) throws IOException {
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

  @Override
  public final void finish(ByteSink sink, boolean inputCut) {
    discard();
  }

  @Override
  public final void discard() {
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
  }
}
