package dev.trawl.process;

import dev.trawl.runtime.crawl.ExtractionRules;
import dev.trawl.runtime.crawl.Urls;

/**
 * The cap of each {@code Document} field a page or a fetch controls, in UTF-8 bytes, so that the
 * largest Document stays far below Kafka's 1 MiB default record limit (and the worker's {@code
 * --max-record-bytes}, 1,000,000 by default) whatever the page: 544 KB measured with every part at
 * its cap (DocumentLimitsTest), given a crawl id and host of usual length (they come from the
 * producer). Of that, 267 KB are outlinks (their budget, plus a byte of length per link), 131 KB
 * the main text of a crawl that asks for the most, about 64 KB each the extracted fields and the
 * structured data (their budgets count each value's framing), 15 KB the field errors of 25 rules
 * that cannot run, and the rest the page's own text fields. A text field longer than its cap is cut
 * at a character boundary; a canonical URL or an outlink longer than {@link #MAX_URL_BYTES} is left
 * out, and such an outlink is not followed either. Each field cut or left out is named in {@code
 * Document.capped}.
 */
public final class DocumentLimits {

  /**
   * The longest URL kept or followed (url, finalUrl, canonical, each outlink): {@link
   * Urls#MAX_CRAWLED_BYTES}, the producer's longest accepted URL by default ({@code
   * --max-url-length}).
   */
  public static final int MAX_URL_BYTES = Urls.MAX_CRAWLED_BYTES;

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

  /** One value of an extracted field (see {@code Document.fields}). */
  public static final int MAX_FIELD_VALUE_BYTES = 8 * 1024;

  /** Values of one rule of all matches; the rule stops at the next match. */
  public static final int MAX_FIELD_VALUES = 100;

  /**
   * All extracted fields of one document together, each value counted with {@link
   * dev.trawl.process.internal.parse.ByteBudget#ENTRY_BYTES} more; the fields after the one that
   * did not fit are empty.
   */
  public static final int MAX_FIELDS_BYTES = 64 * 1024;

  /** The message of a field error. */
  public static final int MAX_ERROR_MESSAGE_BYTES = 512;

  /** One string of structured data; URLs longer than {@link #MAX_URL_BYTES} are left out. */
  public static final int MAX_STRUCTURED_VALUE_BYTES = 2048;

  /** All structured data of one document together, counted as {@link #MAX_FIELDS_BYTES} is. */
  public static final int MAX_STRUCTURED_BYTES = 64 * 1024;

  /** The main text: a crawl's cap, never more than this. */
  public static final int MAX_MAIN_TEXT_BYTES = ExtractionRules.MAX_MAIN_TEXT_BYTES;

  private DocumentLimits() {}
}
