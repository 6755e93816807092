package dev.trawl.process.internal.crawls;

import dev.trawl.process.Extraction;
import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.Topics;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * One processor's view of the crawl definitions: each crawl's definition decoded, and its
 * extraction compiled, once per change of its record rather than once per page. The global store
 * hands out the same bytes until the record changes, so a look-up is one store read and one
 * identity check. Keeps the {@value #MAX_CRAWLS} crawls used last. Not thread-safe: one per
 * processor, which Kafka Streams runs on one thread.
 */
public final class DefinitionCache {

  /** Crawls kept decoded; others are decoded again when their pages come back. */
  static final int MAX_CRAWLS = 1_000;

  /** A crawl's definition, and its extraction, compiled on first use. */
  public static final class Defined {
    private final CrawlDefinition definition;
    private final byte[] bytes;
    private Extraction extraction;

    Defined(CrawlDefinition definition, byte[] bytes) {
      this.definition = definition;
      this.bytes = bytes;
    }

    public CrawlDefinition definition() {
      return definition;
    }

    /** The compiled extraction of this definition. */
    public Extraction extraction() {
      if (extraction == null) {
        extraction = Extraction.of(definition);
      }
      return extraction;
    }
  }

  private final KeyValueStore<String, byte[]> store;
  private final Map<String, Defined> decoded =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Defined> eldest) {
          return size() > MAX_CRAWLS;
        }
      };

  private DefinitionCache(KeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  /** The cache of the processor whose context is {@code context}. */
  public static DefinitionCache of(ProcessingContext context) {
    return new DefinitionCache(context.getStateStore(CrawlDefinitions.STORE));
  }

  /** The definition of {@code crawlId}, or null when the crawl has none this worker can read. */
  public Defined get(String crawlId) {
    byte[] bytes = store.get(crawlId);
    if (bytes == null) {
      decoded.remove(crawlId);
      return null;
    }
    Defined defined = decoded.get(crawlId);
    if (defined != null && (defined.bytes == bytes || Arrays.equals(defined.bytes, bytes))) {
      return defined;
    }
    try {
      defined =
          new Defined(
              Topics.CRAWLS.valueSerde().deserializer().deserialize(CrawlDefinitions.STORE, bytes),
              bytes);
    } catch (SerializationException e) {
      // CrawlDefinitions stores only records it read: this is a restored one of another schema.
      return null;
    }
    decoded.put(crawlId, defined);
    return defined;
  }
}
