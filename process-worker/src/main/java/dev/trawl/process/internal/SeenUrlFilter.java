package dev.trawl.process.internal;

import dev.trawl.schemas.FetchRequest;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Lets through the first sighting of each discovered link per crawl, stamped with {@code
 * enqueuedAt}, and remembers every URL it sees in the persistent {@value #STORE} store (key {@code
 * crawlId|url}, value: when it was first seen). Records must be partitioned by the URL's host, so
 * that each URL is always looked up in the same task's store.
 */
public final class SeenUrlFilter implements Processor<String, UrlSighting, String, FetchRequest> {

  /** The store of every URL each crawl has seen; changelogged, so it survives restarts. */
  public static final String STORE = "seen-urls";

  private ProcessorContext<String, FetchRequest> context;
  private KeyValueStore<String, Long> seen;

  private SeenUrlFilter() {}

  /** A supplier that also declares the store, so the topology connects it. */
  public static ProcessorSupplier<String, UrlSighting, String, FetchRequest> supplier() {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, UrlSighting, String, FetchRequest> get() {
        return new SeenUrlFilter();
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(
            Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.String(), Serdes.Long()));
      }
    };
  }

  @Override
  public void init(ProcessorContext<String, FetchRequest> context) {
    this.context = context;
    this.seen = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, UrlSighting> record) {
    UrlSighting sighting = record.value();
    if (sighting == null) {
      return;
    }
    long now = context.currentSystemTimeMs();
    boolean firstSighting = seen.putIfAbsent(sighting.seenKey(), now) == null;
    if (firstSighting && sighting.kind() == UrlSighting.Kind.LINK) {
      FetchRequest request = FetchRequest.newBuilder(sighting.request()).setEnqueuedAt(now).build();
      context.forward(record.withValue(request));
    }
  }
}
