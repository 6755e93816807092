package dev.trawl.process.internal.stats;

import dev.trawl.process.internal.expiry.IdleCrawls;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Set;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorSupplier;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Marks each outcome whose URL its crawl has counted already as a duplicate (a fetch worker's
 * second delivery after a crash or a revocation), remembering every counted URL in the persistent
 * {@value #STORE} store (key {@code crawlId|url} of the requested URL, value: when it was counted).
 * Page outcomes and failures pass through the same store, so records must be keyed and partitioned
 * by host alike (they are: each comes through the sightings repartition by host). A crawl idle for
 * the TTL is forgotten ({@link IdleCrawls}).
 */
public final class DuplicateOutcomes
    implements FixedKeyProcessor<String, CountedOutcome, CountedOutcome> {

  /** The store of every URL whose outcome each crawl has counted. */
  public static final String STORE = "counted-outcomes";

  /** When each crawl last had an outcome in {@link #STORE}. */
  public static final String ACTIVITY_STORE = "counted-outcomes-crawl-activity";

  /** Counter of outcomes marked as duplicates. */
  public static final String COUNTER = "trawl.process.duplicate.outcomes";

  private final Duration idleTtl;
  private final Counter duplicates;
  private FixedKeyProcessorContext<String, CountedOutcome> context;
  private KeyValueStore<String, Long> counted;
  private IdleCrawls idleCrawls;

  private DuplicateOutcomes(Duration idleTtl, Counter duplicates) {
    this.idleTtl = idleTtl;
    this.duplicates = duplicates;
  }

  /**
   * A supplier that also declares the stores; crawls idle for {@code idleTtl} are forgotten, and
   * duplicates counted in {@code registry}.
   */
  public static FixedKeyProcessorSupplier<String, CountedOutcome, CountedOutcome> supplier(
      Duration idleTtl, MeterRegistry registry) {
    Counter duplicates =
        Counter.builder(COUNTER)
            .description("Outcomes of a URL its crawl had counted already; not in the statistics")
            .register(registry);
    return new FixedKeyProcessorSupplier<>() {
      @Override
      public FixedKeyProcessor<String, CountedOutcome, CountedOutcome> get() {
        return new DuplicateOutcomes(idleTtl, duplicates);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return IdleCrawls.stores(STORE, ACTIVITY_STORE);
      }
    };
  }

  @Override
  public void init(FixedKeyProcessorContext<String, CountedOutcome> context) {
    this.context = context;
    this.counted = context.getStateStore(STORE);
    this.idleCrawls =
        new IdleCrawls(counted, context.getStateStore(ACTIVITY_STORE), idleTtl, IdleCrawls.BATCH);
    idleCrawls.schedule(context);
  }

  @Override
  public void process(FixedKeyRecord<String, CountedOutcome> record) {
    CountedOutcome outcome = record.value();
    long now = context.currentSystemTimeMs();
    idleCrawls.touch(outcome.crawlId(), now);
    if (counted.putIfAbsent(IdleCrawls.key(outcome.crawlId(), outcome.tally().getUrl()), now)
        == null) {
      context.forward(record);
    } else {
      duplicates.increment();
      context.forward(record.withValue(record.value().asDuplicate()));
    }
  }
}
