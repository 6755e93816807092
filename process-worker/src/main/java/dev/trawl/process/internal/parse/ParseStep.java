package dev.trawl.process.internal.parse;

import dev.trawl.process.Extraction;
import dev.trawl.process.PageParser;
import dev.trawl.process.internal.crawls.DefinitionCache;
import dev.trawl.process.internal.stats.DomainStatsAggregator;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchResult;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * The topology's parse step: each page outcome becomes its document, parsed with the extraction of
 * its crawl's definition (none when the crawl has none), and is counted.
 */
public final class ParseStep implements FixedKeyProcessor<String, FetchResult, ParsedPage> {

  private final PageParser parser;
  private final ParseMetrics metrics;
  private FixedKeyProcessorContext<String, ParsedPage> context;
  private DefinitionCache definitions;

  private ParseStep(PageParser parser, ParseMetrics metrics) {
    this.parser = parser;
    this.metrics = metrics;
  }

  /** Parse steps sharing {@code parser} (stateless) and {@code metrics} (thread-safe). */
  public static FixedKeyProcessorSupplier<String, FetchResult, ParsedPage> supplier(
      PageParser parser, ParseMetrics metrics) {
    return () -> new ParseStep(parser, metrics);
  }

  @Override
  public void init(FixedKeyProcessorContext<String, ParsedPage> context) {
    this.context = context;
    this.definitions = DefinitionCache.of(context);
  }

  @Override
  public void process(FixedKeyRecord<String, FetchResult> record) {
    FetchResult result = record.value();
    DefinitionCache.Defined defined = definitions.get(result.getRequest().getCrawlId());
    Extraction extraction = defined == null ? Extraction.NONE : defined.extraction();
    Document document = parser.parse(result, extraction);
    metrics.record(document);
    context.forward(
        record.withValue(
            new ParsedPage(result.getRequest(), document, DomainStatsAggregator.tally(result))));
  }
}
