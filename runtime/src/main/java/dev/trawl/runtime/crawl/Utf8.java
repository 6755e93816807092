package dev.trawl.runtime.crawl;

/**
 * Sizes of text as records carry it (Avro strings are UTF-8), measured and cut without encoding the
 * text. Stateless and thread-safe.
 */
public final class Utf8 {

  private Utf8() {}

  /** The length of {@code text} in UTF-8 bytes. */
  public static int length(String text) {
    return prefixEnd(text, Integer.MAX_VALUE)[1];
  }

  /**
   * The longest start of {@code text} whose UTF-8 form has at most {@code maxBytes} bytes, never
   * splitting a character (a surrogate pair stays whole); {@code text} itself when it fits.
   */
  public static String prefix(String text, int maxBytes) {
    int end = prefixEnd(text, maxBytes)[0];
    return end == text.length() ? text : text.substring(0, end);
  }

  /** {chars, bytes} of the longest start of {@code text} of at most {@code maxBytes} bytes. */
  private static int[] prefixEnd(String text, int maxBytes) {
    int bytes = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      int chars = 1;
      int size;
      if (c < 0x80) {
        size = 1;
      } else if (c < 0x800) {
        size = 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < text.length()
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        size = 4;
        chars = 2;
      } else if (Character.isSurrogate(c)) {
        size = 1; // A lone surrogate: Java's encoder writes '?'.
      } else {
        size = 3;
      }
      if (bytes > maxBytes - size) {
        break;
      }
      bytes += size;
      i += chars;
    }
    return new int[] {i, bytes};
  }
}
