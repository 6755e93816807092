package dev.trawl.process.internal.parse;

import dev.trawl.runtime.crawl.MediaTypes;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FieldError;
import dev.trawl.schemas.FieldErrorType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts what the parse step did with each page outcome: parsed HTML, non-HTML content (counted,
 * not parsed), HTML that jsoup failed on, and outcomes without a page; and, of parsed pages, the
 * extraction rules stopped and the JSON-LD scripts skipped. Micrometer counters are thread-safe, so
 * one instance serves every stream thread.
 */
public final class ParseMetrics {

  /** Counter of page outcomes by what the parser did, tagged {@code content}. */
  public static final String COUNTER = "trawl.process.pages";

  private final Counter parsed;
  private final Counter nonHtml;
  private final Counter parseFailures;
  private final Counter notFetched;

  /**
   * Counter of extraction rules stopped on a page, tagged {@code error}: timeout, failed,
   * invalid_rule.
   */
  public static final String FIELD_ERRORS = "trawl.process.extraction.errors";

  /** Counter of JSON-LD scripts that are not JSON. */
  public static final String INVALID_JSON_LD = "trawl.process.jsonld.invalid";

  private final Map<FieldErrorType, Counter> fieldErrors = new EnumMap<>(FieldErrorType.class);
  private final Counter invalidJsonLd;

  public ParseMetrics(MeterRegistry registry) {
    for (FieldErrorType type : FieldErrorType.values()) {
      fieldErrors.put(
          type,
          Counter.builder(FIELD_ERRORS)
              .description("Extraction rules stopped on a page, by why")
              .tag("error", type.name().toLowerCase(Locale.ROOT))
              .register(registry));
    }
    invalidJsonLd =
        Counter.builder(INVALID_JSON_LD)
            .description("JSON-LD scripts that are not JSON, skipped")
            .register(registry);
    parsed = counter(registry, "html");
    nonHtml = counter(registry, "non-html");
    parseFailures = counter(registry, "parse-failure");
    notFetched = counter(registry, "not-fetched");
  }

  /** Counts one document as the parser returned it, with its field errors and broken JSON-LD. */
  public void record(Document document) {
    for (FieldError error : document.getFieldErrors()) {
      fieldErrors.get(error.getError()).increment();
    }
    if (document.getStructured().getJsonLdErrors() > 0) {
      invalidJsonLd.increment(document.getStructured().getJsonLdErrors());
    }
    if (document.getOutcome() != FetchOutcome.FETCHED) {
      notFetched.increment();
    } else if (document.getParsed()) {
      parsed.increment();
    } else if (MediaTypes.isHtml(document.getContentType())) {
      parseFailures.increment();
    } else {
      nonHtml.increment();
    }
  }

  private static Counter counter(MeterRegistry registry, String content) {
    return Counter.builder(COUNTER)
        .description("Page outcomes by what the parse step did with them")
        .tag("content", content)
        .register(registry);
  }
}
