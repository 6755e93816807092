package dev.trawl.process.internal.crawls;

import dev.trawl.runtime.crawl.ExtractionRules;
import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every crawl's definition from trawl.crawls in the global store {@value #STORE}, so that
 * every stream thread of every instance knows every live crawl (a restarted one too: Kafka Streams
 * fills a global store from its whole topic before processing starts). The store holds the records'
 * bytes as they came, in memory (definitions are small, and the compacted topic holds one per
 * crawl); readers decode them once per change ({@link DefinitionCache}). A record that is no
 * definition of the crawl it is keyed by is logged with its place in the topic, counted and
 * ignored; a tombstone forgets its crawl.
 */
public final class CrawlDefinitions implements Processor<String, byte[], Void, Void> {

  /** The global store of definitions: crawl id to the record's bytes. */
  public static final String STORE = "crawl-definitions";

  /** Counter of definition records, tagged {@code result}: stored, removed or invalid. */
  public static final String COUNTER = "trawl.process.crawl.definitions";

  private static final Logger log = LoggerFactory.getLogger(CrawlDefinitions.class);

  private final Counter stored;
  private final Counter removed;
  private final Counter invalid;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, byte[]> definitions;

  private CrawlDefinitions(MeterRegistry registry) {
    this.stored = counter(registry, "stored");
    this.removed = counter(registry, "removed");
    this.invalid = counter(registry, "invalid");
  }

  /** The store to give {@code StreamsBuilder.addGlobalStore} (global stores keep no changelog). */
  public static StoreBuilder<KeyValueStore<String, byte[]>> store() {
    return Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(STORE), Serdes.String(), Serdes.ByteArray())
        .withLoggingDisabled();
  }

  /** The processor that fills the store, counting into {@code registry}. */
  public static ProcessorSupplier<String, byte[], Void, Void> updates(MeterRegistry registry) {
    return () -> new CrawlDefinitions(registry);
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.definitions = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String crawlId = record.key();
    if (crawlId == null) {
      reject("it has no key");
    } else if (record.value() == null) {
      definitions.delete(crawlId);
      removed.increment();
    } else {
      CrawlDefinition definition;
      try {
        definition = Topics.CRAWLS.valueSerde().deserializer().deserialize(STORE, record.value());
      } catch (SerializationException e) {
        reject("it is not a CrawlDefinition: " + e.getMessage());
        return;
      }
      if (!crawlId.equals(definition.getCrawlId())) {
        reject("its key is not its crawl id " + definition.getCrawlId());
        return;
      }
      List<String> problems = ExtractionRules.ruleProblems(definition.getRules());
      if (!problems.isEmpty()) {
        log.warn(
            "crawl {} at {}: pages will report these rules as INVALID_RULE: {}",
            crawlId,
            place(),
            problems);
      }
      definitions.put(crawlId, record.value());
      stored.increment();
    }
  }

  private void reject(String why) {
    log.warn("ignoring the record at {}: {}", place(), why);
    invalid.increment();
  }

  /** {@code trawl.crawls-P@OFFSET} of the record being processed. */
  private String place() {
    return context
            .recordMetadata()
            .map(RecordMetadata::partition)
            .map(p -> Topics.CRAWLS.name() + "-" + p)
            .orElse(Topics.CRAWLS.name())
        + context.recordMetadata().map(m -> "@" + m.offset()).orElse("");
  }

  private static Counter counter(MeterRegistry registry, String result) {
    return Counter.builder(COUNTER)
        .description("Crawl definition records by what the worker did with them")
        .tag("result", result)
        .register(registry);
  }
}
