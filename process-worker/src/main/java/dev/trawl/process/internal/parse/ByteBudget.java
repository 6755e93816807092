package dev.trawl.process.internal.parse;

/**
 * A budget of UTF-8 bytes shared by the strings of one part of a document (extracted fields,
 * structured data): each string kept is cut at its own cap and charged its bytes plus {@link
 * #ENTRY_BYTES}; once one does not fit, the budget is spent and keeps nothing more, so what a
 * document holds is always a prefix of what the page had. Every cut or refusal is named in the
 * document's {@link FieldCaps}. Not thread-safe: one per document.
 */
public final class ByteBudget {

  /**
   * Charged for every string besides its bytes: Avro's length prefix (at most 2 bytes below 16
   * KiB), and the union, array and map framing around it, with room to spare.
   */
  public static final int ENTRY_BYTES = 4;

  private final FieldCaps caps;
  private int left;
  private boolean spent;

  public ByteBudget(FieldCaps caps, int bytes) {
    this.caps = caps;
    this.left = bytes;
  }

  /**
   * {@code value} cut at {@code maxBytes}, or null when the budget cannot hold it (or is spent);
   * {@code field} is named in the caps when the value is cut or refused. Null stays null.
   */
  public String keep(String field, String value, int maxBytes) {
    if (value == null) {
      return null;
    }
    if (spent) {
      caps.cut(field);
      return null;
    }
    String kept = caps.text(field, value, maxBytes);
    int bytes = Utf8.length(kept) + ENTRY_BYTES;
    if (bytes > left) {
      spent = true;
      caps.cut(field);
      return null;
    }
    left -= bytes;
    return kept;
  }

  /**
   * {@code url}, or null when it is empty, longer than {@code maxBytes} (a cut URL would be wrong:
   * it is left out, and {@code field} named) or does not fit.
   */
  public String keepUrl(String field, String url, int maxBytes) {
    if (url == null || url.isEmpty()) {
      return null;
    }
    if (Utf8.length(url) > maxBytes) {
      caps.cut(field);
      return null;
    }
    return keep(field, url, maxBytes);
  }

  /**
   * Charges {@code bytes} of framing that is not a string (a record's null fields, an array's
   * count): false, and the budget spent, when they do not fit.
   */
  public boolean charge(String field, int bytes) {
    if (!spent && bytes <= left) {
      left -= bytes;
      return true;
    }
    spent = true;
    caps.cut(field);
    return false;
  }

  /** True once a string did not fit: nothing more is kept. */
  public boolean spent() {
    return spent;
  }
}
