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
 * Lets through the first sighting of each discovered link per crawl, as a request stamped with
 * {@code enqueuedAt}, and remembers every URL it sees in the persistent {@value #STORE} store (key
 * {@code crawlId|url}, value: when it was first seen). Records must be keyed and partitioned by the
 * URLs' host, so that each URL is always looked up in the same task's store.
 */
public final class SeenUrlFilter implements Processor<String, HostSightings, String, FetchRequest> {

  /** The store of every URL each crawl has seen; changelogged, so it survives restarts. */
  public static final String STORE = "seen-urls";

  private ProcessorContext<String, FetchRequest> context;
  private KeyValueStore<String, Long> seen;

  private SeenUrlFilter() {}

  /** A supplier that also declares the store, so the topology connects it. */
  public static ProcessorSupplier<String, HostSightings, String, FetchRequest> supplier() {
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, HostSightings, String, FetchRequest> get() {
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
  public void process(Record<String, HostSightings> record) {
    HostSightings sightings = record.value();
    if (sightings == null) {
      return;
    }
    long now = context.currentSystemTimeMs();
    for (String url : sightings.settled()) {
      seen.putIfAbsent(sightings.seenKey(url), now);
    }
    for (String url : sightings.links()) {
      if (seen.putIfAbsent(sightings.seenKey(url), now) == null) {
        context.forward(record.withValue(sightings.request(record.key(), url, now)));
      }
    }
  }
}
