package dev.trawl.process;

/**
 * The cap of each {@code Document} field a page or a fetch controls, in UTF-8 bytes, so that the
 * largest Document stays far below Kafka's 1 MiB default record limit whatever the page: under 310
 * KB with every field at its cap, most of it outlinks (the outlinks' budget, plus a byte of length
 * per link), given a crawl id and host of usual length (they come from the producer). A text field
 * longer than its cap is cut at a character boundary; a canonical URL or an outlink longer than
 * {@link #MAX_URL_BYTES} is left out, and such an outlink is not followed either. Each field cut or
 * left out is named in {@code Document.capped}.
 */
public final class DocumentLimits {

  /**
   * The longest URL kept or followed (url, finalUrl, canonical, each outlink): the producer's
   * longest accepted URL by default ({@code --max-url-length}).
   */
  public static final int MAX_URL_BYTES = 2048;

  public static final int MAX_CONTENT_TYPE_BYTES = 256;

  public static final int MAX_TITLE_BYTES = 2048;

  public static final int MAX_DESCRIPTION_BYTES = 4096;

  /** BCP 47 language tags are short; 64 bytes hold any real one. */
  public static final int MAX_LANGUAGE_BYTES = 64;

  /**
   * All outlinks of one document together; with {@code --outlink-cap} at its default (500) this
   * holds 500 links of 524 bytes.
   */
  public static final int MAX_OUTLINKS_BYTES = 256 * 1024;

  private DocumentLimits() {}
}
