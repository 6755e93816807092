package dev.trawl.process.internal.links;

import dev.trawl.process.internal.expiry.IdleCrawls;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.HostSightings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * Lets through the first sighting of each URL per crawl, seed or link, and remembers every URL it
 * sees in the persistent {@value #STORE} store (key {@code crawlId|url}, value: when it was first
 * seen). A seed's first sighting goes on unchanged; a link's as a request stamped with {@code
 * enqueuedAt}; a seed seen before (as a seed, a link or a URL with an outcome) is dropped and
 * counted. Records must be keyed and partitioned by the URLs' host, so that each URL is always
 * looked up in the same task's store. A crawl idle for the TTL is forgotten ({@link IdleCrawls}).
 */
public final class SeenUrlFilter implements Processor<String, HostSightings, String, FetchRequest> {

  /** The store of every URL each crawl has seen; changelogged, so it survives restarts. */
  public static final String STORE = "seen-urls";

  /** When each crawl last had a sighting in {@link #STORE}. */
  public static final String ACTIVITY_STORE = "seen-urls-crawl-activity";

  /** Counter of seeds, tagged {@code sighting}: {@code first} (passed on) or {@code repeat}. */
  public static final String SEEDS = "trawl.process.seeds";

  private final Duration idleTtl;
  private final Counter firstSeeds;
  private final Counter repeatedSeeds;
  private ProcessorContext<String, FetchRequest> context;
  private KeyValueStore<String, Long> seen;
  private IdleCrawls idleCrawls;

  private SeenUrlFilter(Duration idleTtl, Counter firstSeeds, Counter repeatedSeeds) {
    this.idleTtl = idleTtl;
    this.firstSeeds = firstSeeds;
    this.repeatedSeeds = repeatedSeeds;
  }

  /**
   * A supplier that also declares the stores, so the topology connects them; crawls idle for {@code
   * idleTtl} are forgotten, and seeds counted in {@code registry}.
   */
  public static ProcessorSupplier<String, HostSightings, String, FetchRequest> supplier(
      Duration idleTtl, MeterRegistry registry) {
    Counter first = seeds(registry, "first");
    Counter repeat = seeds(registry, "repeat");
    return new ProcessorSupplier<>() {
      @Override
      public Processor<String, HostSightings, String, FetchRequest> get() {
        return new SeenUrlFilter(idleTtl, first, repeat);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return IdleCrawls.stores(STORE, ACTIVITY_STORE);
      }
    };
  }

  @Override
  public void init(ProcessorContext<String, FetchRequest> context) {
    this.context = context;
    this.seen = context.getStateStore(STORE);
    this.idleCrawls =
        new IdleCrawls(seen, context.getStateStore(ACTIVITY_STORE), idleTtl, IdleCrawls.BATCH);
    idleCrawls.schedule(context);
  }

  @Override
  public void process(Record<String, HostSightings> record) {
    HostSightings sightings = record.value();
    if (sightings == null) {
      return;
    }
    long now = context.currentSystemTimeMs();
    idleCrawls.touch(sightings.getCrawlId(), now);
    for (String url : sightings.getSettled()) {
      seen.putIfAbsent(seenKey(sightings, url), now);
    }
    for (FetchRequest seed : sightings.getSeeds()) {
      if (seen.putIfAbsent(seenKey(sightings, seed.getUrl()), now) == null) {
        firstSeeds.increment();
        context.forward(record.withValue(seed));
      } else {
        repeatedSeeds.increment();
      }
    }
    for (String url : sightings.getLinks()) {
      if (seen.putIfAbsent(seenKey(sightings, url), now) == null) {
        context.forward(record.withValue(request(sightings, record.key(), url, now)));
      }
    }
  }

  /** The key of {@code url} in the {@value #STORE} store: {@code crawlId|url}. */
  static String seenKey(HostSightings sightings, String url) {
    return IdleCrawls.key(sightings.getCrawlId(), url);
  }

  /** The request for a link of {@code sightings}, on {@code host}, enqueued at {@code now}. */
  static FetchRequest request(HostSightings sightings, String host, String url, long now) {
    return FetchRequest.newBuilder()
        .setUrl(url)
        .setHost(host)
        .setCrawlId(sightings.getCrawlId())
        .setDepth(sightings.getLinkDepth())
        .setMaxDepth(sightings.getMaxDepth())
        .setScope(sightings.getScope())
        .setAttempt(0)
        .setEnqueuedAt(now)
        .setNotBefore(null)
        .setReferrer(sightings.getReferrer())
        .setMetadata(Map.of())
        .build();
  }

  private static Counter seeds(MeterRegistry registry, String sighting) {
    return Counter.builder(SEEDS)
        .description("Seeds by sighting: first of their URL in the crawl (passed on), or a repeat")
        .tag("sighting", sighting)
        .register(registry);
  }
}
