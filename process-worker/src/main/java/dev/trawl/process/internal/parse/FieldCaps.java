package dev.trawl.process.internal.parse;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the fields of one document at their caps and remembers which it cut or left out, in the
 * order it did. Not thread-safe: one per document.
 */
public final class FieldCaps {

  private final List<String> capped = new ArrayList<>(2);

  /** {@code value} cut to at most {@code maxBytes} UTF-8 bytes; null stays null. */
  public String text(String field, String value, int maxBytes) {
    if (value == null) {
      return null;
    }
    String kept = Utf8.prefix(value, maxBytes);
    if (kept.length() < value.length()) {
      cut(field);
    }
    return kept;
  }

  /** {@code url}, or null (left out) when it is longer than {@code maxBytes} UTF-8 bytes. */
  public String urlOrNull(String field, String url, int maxBytes) {
    if (url == null || Utf8.length(url) <= maxBytes) {
      return url;
    }
    cut(field);
    return null;
  }

  /** Records that {@code field} was cut or left out; naming a field again changes nothing. */
  public void cut(String field) {
    if (!capped.contains(field)) {
      capped.add(field);
    }
  }

  /** The fields cut or left out so far. */
  public List<String> fields() {
    return List.copyOf(capped);
  }
}
