package dev.trawl.process.internal.links;

import dev.trawl.process.internal.crawls.DefinitionCache;
import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.FetchRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Gives each seed of a declared crawl the crawl's depth and scope, whatever the seed says, so that
 * URLs added to a crawl later (by {@code trawl produce --crawl-id} alone, or the intake's {@code
 * POST /urls?crawlId=}) are crawled as the crawl was declared. A seed of a crawl without definition
 * goes on as it is.
 */
public final class DefinedSeeds implements FixedKeyProcessor<String, FetchRequest, FetchRequest> {

  /** Counter of seeds, tagged {@code crawl}: {@code defined} or {@code undefined}. */
  public static final String COUNTER = "trawl.process.seed.crawls";

  private final Counter defined;
  private final Counter undefined;
  private FixedKeyProcessorContext<String, FetchRequest> context;
  private DefinitionCache definitions;

  private DefinedSeeds(Counter defined, Counter undefined) {
    this.defined = defined;
    this.undefined = undefined;
  }

  /** Seeds counted into {@code registry}. */
  public static FixedKeyProcessorSupplier<String, FetchRequest, FetchRequest> supplier(
      MeterRegistry registry) {
    Counter defined = counter(registry, "defined");
    Counter undefined = counter(registry, "undefined");
    return () -> new DefinedSeeds(defined, undefined);
  }

  @Override
  public void init(FixedKeyProcessorContext<String, FetchRequest> context) {
    this.context = context;
    this.definitions = DefinitionCache.of(context);
  }

  @Override
  public void process(FixedKeyRecord<String, FetchRequest> record) {
    FetchRequest seed = record.value();
    DefinitionCache.Defined crawl = definitions.get(seed.getCrawlId());
    if (crawl == null) {
      undefined.increment();
      context.forward(record);
      return;
    }
    defined.increment();
    CrawlDefinition definition = crawl.definition();
    if (seed.getMaxDepth() == definition.getMaxDepth()
        && seed.getScope() == definition.getScope()) {
      context.forward(record);
    } else {
      context.forward(
          record.withValue(
              FetchRequest.newBuilder(seed)
                  .setMaxDepth(definition.getMaxDepth())
                  .setScope(definition.getScope())
                  .build()));
    }
  }

  private static Counter counter(MeterRegistry registry, String crawl) {
    return Counter.builder(COUNTER)
        .description("Seeds by whether their crawl has a definition (which sets depth and scope)")
        .tag("crawl", crawl)
        .register(registry);
  }
}
