package dev.trawl.process.internal.parse;

/** UTF-8 lengths and cuts of strings, without encoding them. */
public final class Utf8 {

  private Utf8() {}

  /**
   * The length of {@code text} in UTF-8 bytes; an unpaired surrogate counts 3 (encoders write 1 or
   * 3), so the result is never low.
   */
  public static int length(CharSequence text) {
    int bytes = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < length
          && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * The longest prefix of {@code text} of at most {@code maxBytes} UTF-8 bytes that does not split
   * a surrogate pair: {@code text} itself (the same instance) when it fits.
   */
  public static String prefix(String text, int maxBytes) {
    if (text.length() <= maxBytes / 3) {
      return text;
    }
    int bytes = 0;
    int length = text.length();
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      boolean pair =
          Character.isHighSurrogate(c)
              && i + 1 < length
              && Character.isLowSurrogate(text.charAt(i + 1));
      int size = c < 0x80 ? 1 : c < 0x800 ? 2 : pair ? 4 : 3;
      if (bytes + size > maxBytes) {
        return text.substring(0, i);
      }
      bytes += size;
      if (pair) {
        i++;
      }
    }
    return text;
  }
}
