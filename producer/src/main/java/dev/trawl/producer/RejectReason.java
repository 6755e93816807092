package dev.trawl.producer;

/** Why an input line is not a URL Trawl can fetch; {@link #label()} names it in summaries. */
public enum RejectReason {
  /** Whitespace or a control character inside the URL. */
  ILLEGAL_CHARACTER("whitespace or control character"),
  /** Longer than the configured maximum, before or after normalisation. */
  TOO_LONG("too long"),
  /** No scheme: a relative reference or not a URL at all. */
  NO_SCHEME("no scheme"),
  /** A scheme other than http or https. */
  UNSUPPORTED_SCHEME("unsupported scheme"),
  /** Does not parse, or cannot be normalised. */
  NOT_A_URL("not a URL"),
  /** An http(s) URL without a host, such as {@code http:///x}. */
  NO_HOST("no host"),
  /** A line longer than the line limit: read and dropped without being kept whole. */
  LINE_TOO_LONG("line too long"),
  /** A line that is not valid UTF-8, such as a line of a binary file. */
  MALFORMED_TEXT("not UTF-8");

  private final String label;

  RejectReason(String label) {
    this.label = label;
  }

  /** A short lower-case name for counts in summaries, e.g. {@code unsupported scheme}. */
  public String label() {
    return label;
  }
}
