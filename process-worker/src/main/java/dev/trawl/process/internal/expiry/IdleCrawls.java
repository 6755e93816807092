package dev.trawl.process.internal.expiry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Forgets the crawls that have gone idle in a store keyed {@code crawlId|url} ({@link #key}): an
 * activity store holds when each crawl was last active (wall-clock), and a wall-clock punctuation
 * every {@link #INTERVAL} deletes, with a prefix scan, the keys of each crawl idle for the TTL,
 * then its activity. One punctuation deletes at most {@code batch} keys (the rest wait for the
 * next), so it never stalls the stream thread; a crawl active again before all its keys are gone
 * keeps the rest. Keys written before the activity store existed are adopted by the first
 * punctuations: their crawls count as active from then on.
 *
 * <p>The crawl of a key is what precedes its first {@code |http} (every URL a crawl stores is http
 * or https), so a crawl id must not contain {@code |http}; a key whose URL is not http(s) (a seed
 * written by another producer) is never deleted. Used by the stream thread of one task only.
 */
public final class IdleCrawls {

  /** How often idle crawls are looked for. */
  public static final Duration INTERVAL = Duration.ofSeconds(10);

  /** Keys deleted per punctuation at most (and keys looked at, while adopting). */
  public static final int BATCH = 10_000;

  /** Every key of a crawl starts with its id and this; none sorts at or after {@link #PAST}. */
  private static final String URLS = "|http";

  private static final String PAST = "|httq";

  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, ?> store;
  private final KeyValueStore<String, Long> activity;
  private final long ttlMs;
  private final int batch;

  /** The next key to adopt from, or null once every key's crawl has activity. */
  private String adoptFrom = "";

  /**
   * Expiry of the keys of {@code store}, with the crawls' last activity in {@code activity}, for
   * crawls idle for {@code ttl}, at most {@code batch} keys per punctuation.
   */
  public IdleCrawls(
      KeyValueStore<String, ?> store,
      KeyValueStore<String, Long> activity,
      Duration ttl,
      int batch) {
    this.store = store;
    this.activity = activity;
    this.ttlMs = ttl.toMillis();
    this.batch = batch;
  }

  /** The builder of an activity store: crawl id to its last activity, cached between commits. */
  public static StoreBuilder<KeyValueStore<String, Long>> activityStore(String name) {
    return Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(name), Serdes.String(), Serdes.Long())
        .withCachingEnabled();
  }

  /**
   * The stores of a processor whose URLs expire with their crawl: {@code urls} (crawl|url to the
   * time it was first seen) and its crawls' activity store.
   */
  public static Set<StoreBuilder<?>> stores(String urls, String activity) {
    return Set.of(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(urls), Serdes.String(), Serdes.Long()),
        activityStore(activity));
  }

  /** The key of {@code url} of {@code crawlId} in a store this expires: {@code crawlId|url}. */
  public static String key(String crawlId, String url) {
    return crawlId + "|" + url;
  }

  /** Runs {@link #expire} on {@code context}'s wall clock every {@link #INTERVAL}. */
  public void schedule(ProcessingContext context) {
    context.schedule(INTERVAL, PunctuationType.WALL_CLOCK_TIME, this::expire);
  }

  /** Records that {@code crawlId} was active at {@code now} (wall-clock millis). */
  public void touch(String crawlId, long now) {
    activity.put(crawlId, now);
  }

  /** Deletes up to one batch of keys of crawls idle since before {@code now} minus the TTL. */
  public void expire(long now) {
    adopt(now);
    int budget = batch;
    for (String crawl : idleCrawls(now)) {
      if (budget <= 0) {
        return;
      }
      budget -= forget(crawl, budget);
    }
  }

  private List<String> idleCrawls(long now) {
    List<String> idle = new ArrayList<>();
    try (KeyValueIterator<String, Long> crawls = activity.all()) {
      while (crawls.hasNext()) {
        KeyValue<String, Long> crawl = crawls.next();
        if (crawl.value <= now - ttlMs) {
          idle.add(crawl.key);
        }
      }
    }
    return idle;
  }

  /** Deletes up to {@code budget} keys of {@code crawl}, and its activity once none is left. */
  private int forget(String crawl, int budget) {
    List<String> keys = new ArrayList<>();
    boolean more;
    try (KeyValueIterator<String, ?> it = store.prefixScan(crawl + URLS, KEYS)) {
      while (keys.size() < budget && it.hasNext()) {
        keys.add(it.next().key);
      }
      more = it.hasNext();
    }
    keys.forEach(store::delete);
    if (!more) {
      activity.delete(crawl);
    }
    return Math.max(1, keys.size());
  }

  /**
   * Gives every crawl with keys but no activity the activity {@code now}, looking at one key per
   * crawl (the scan skips past the rest), up to one batch of keys.
   */
  private void adopt(long now) {
    int looked = 0;
    while (adoptFrom != null && looked < batch) {
      try (KeyValueIterator<String, ?> it = store.range(adoptFrom, null)) {
        if (!it.hasNext()) {
          adoptFrom = null;
          break;
        }
        String key = it.next().key;
        looked++;
        int end = key.indexOf(URLS);
        if (end < 0) {
          adoptFrom = key + '\0';
          continue;
        }
        String crawl = key.substring(0, end);
        if (activity.get(crawl) == null) {
          activity.put(crawl, now);
        }
        adoptFrom = crawl + PAST;
      }
    }
  }
}
