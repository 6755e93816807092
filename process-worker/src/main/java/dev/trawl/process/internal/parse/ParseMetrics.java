package dev.trawl.process.internal.parse;

import dev.trawl.runtime.crawl.MediaTypes;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts what the parse step did with each page outcome: parsed HTML, non-HTML content (counted,
 * not parsed), HTML that jsoup failed on, and outcomes without a page. Micrometer counters are
 * thread-safe, so one instance serves every stream thread.
 */
public final class ParseMetrics {

  /** Counter of page outcomes by what the parser did, tagged {@code content}. */
  public static final String COUNTER = "trawl.process.pages";

  private final Counter parsed;
  private final Counter nonHtml;
  private final Counter parseFailures;
  private final Counter notFetched;

  public ParseMetrics(MeterRegistry registry) {
    parsed = counter(registry, "html");
    nonHtml = counter(registry, "non-html");
    parseFailures = counter(registry, "parse-failure");
    notFetched = counter(registry, "not-fetched");
  }

  /** Counts one document as the parser returned it. */
  public void record(Document document) {
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
