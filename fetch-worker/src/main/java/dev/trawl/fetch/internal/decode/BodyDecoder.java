package dev.trawl.fetch.internal.decode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Decodes a response body's Content-Encoding, all of it here (the fetcher's Jetty clients decode
 * nothing): {@code gzip} or {@code x-gzip} ({@link GzipDecoder}), {@code deflate} ({@link
 * InflateDecoder}), {@code br} ({@link BrotliDecoder}), and any list of them, such as {@code gzip,
 * br} (gzip applied first, so brotli is decoded first, see {@link DecoderChain}). Coding names are
 * case-insensitive; {@code identity} and empty list elements are skipped. At most the sink's limit
 * is decoded, so a decompression bomb in any layer costs at most the content limit.
 *
 * <p>A body is kept exactly as it came, not decoded at all, when any coding of its list is not one
 * of these, or when the list has more than {@link #MAX_LAYERS} codings: the same as a single coding
 * the worker does not know.
 *
 * <p>Thread-safety: used by one exchange's listener, one callback after another.
 */
public abstract class BodyDecoder {

  /** Supported encodings, as advertised in Accept-Encoding. */
  public static final String ACCEPT_ENCODING = "gzip, deflate, br";

  /**
   * Codings decoded at most in one body: a brotli layer holds up to the content limit of encoded
   * bytes until its input ends, so the layers bound what one response can hold. Servers send two.
   */
  static final int MAX_LAYERS = 3;

  /**
   * The decoder of a body whose Content-Encoding header fields are {@code fields} (in header order,
   * each a coding or a comma-separated list of them), or null when the body is kept as it comes: no
   * coding but identity, a coding not supported, or more than {@link #MAX_LAYERS}.
   *
   * @param contentLimit the content limit: the most a brotli layer, or a layer inside another,
   *     takes in
   * @param budget where a brotli layer counts the encoded bytes it holds
   */
  public static BodyDecoder forEncodings(List<String> fields, int contentLimit, BodyBudget budget) {
    List<String> codings = new ArrayList<>();
    for (String field : fields) {
      for (String element : field.split(",", -1)) {
        String coding = element.strip().toLowerCase(Locale.ROOT);
        switch (coding) {
          case "", "identity" -> {}
          case "gzip", "x-gzip", "deflate", "br" -> codings.add(coding);
          default -> {
            return null;
          }
        }
      }
    }
    if (codings.isEmpty() || codings.size() > MAX_LAYERS) {
      return null;
    }
    // Listed in the order they were applied: the last one is decoded first.
    List<BodyDecoder> layers = new ArrayList<>();
    for (int i = codings.size() - 1; i >= 0; i--) {
      layers.add(forCoding(codings.get(i), contentLimit, budget));
    }
    return layers.size() == 1 ? layers.get(0) : new DecoderChain(layers, contentLimit);
  }

  private static BodyDecoder forCoding(String coding, int contentLimit, BodyBudget budget) {
    return switch (coding) {
      case "deflate" -> new InflateDecoder();
      case "br" -> new BrotliDecoder(contentLimit, budget);
      default -> new GzipDecoder();
    };
  }

  /** Decodes {@code chunk} into {@code sink}; false once the sink is full (stop reading). */
  public abstract boolean decode(ByteBuffer chunk, ByteSink sink) throws IOException;

  /** Decodes what is left once the body ended; {@code inputCut} when it was not read to its end. */
  public abstract void finish(ByteSink sink, boolean inputCut) throws IOException;

  /** Frees what the decoder holds (the exchange ended either way). */
  public void discard() {}
}
