package dev.trawl.process;

import dev.trawl.process.internal.crawls.CrawlDefinitions;
import dev.trawl.process.internal.deadletters.DeadLetterHandler;
import dev.trawl.process.internal.deadletters.ProductionDeadLetterHandler;
import dev.trawl.process.internal.deadletters.RecordLimits;
import dev.trawl.process.internal.deadletters.SizeCheckedSerde;
import dev.trawl.process.internal.links.DefinedSeeds;
import dev.trawl.process.internal.links.HostSightingsSerde;
import dev.trawl.process.internal.links.LinkDiscovery;
import dev.trawl.process.internal.links.SeenUrlFilter;
import dev.trawl.process.internal.parse.ParseMetrics;
import dev.trawl.process.internal.parse.ParseStep;
import dev.trawl.process.internal.parse.ParsedPage;
import dev.trawl.process.internal.stats.CountedOutcome;
import dev.trawl.process.internal.stats.DomainStatsAggregator;
import dev.trawl.process.internal.stats.DuplicateOutcomes;
import dev.trawl.process.internal.stores.BoundedRocksDbConfig;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.PageLimits;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.HostSightings;
import dev.trawl.schemas.Topic;
import dev.trawl.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The process worker's Kafka Streams topology: turn page outcomes into documents (with the
 * extraction rules of their crawl), pass on each crawl's seeds (with its declared depth and scope)
 * and the links it follows (each URL once per crawl, depth-limited, in scope), and keep statistics
 * per host (each URL of a crawl once). Every crawl's definition is in a global store of
 * trawl.crawls. Every record it writes is checked against {@code --max-record-bytes} before it is
 * sent; a larger one becomes a dead letter.
 */
public final class ProcessTopology {

  /** Name of the internal topic that moves URL sightings to the partition of their host. */
  public static final String SIGHTINGS_BY_HOST = "url-sightings-by-host";

  /**
   * The repartition topic of {@link #SIGHTINGS_BY_HOST} in application {@code applicationId}: its
   * partitions are those of the per-host stores (seen URLs, counted outcomes, statistics).
   */
  public static String sightingsByHostTopic(String applicationId) {
    return applicationId + "-" + SIGHTINGS_BY_HOST + "-repartition";
  }

  /** Name of the store of all-time statistics per host. */
  public static final String DOMAIN_STATS_STORE = "domain-stats";

  /** Records buffered per input partition, and polled at once. */
  static final int BUFFERED_PAGES_PER_PARTITION = 100;

  /** Name of the store of windowed statistics per host. */
  public static final String WINDOWED_STATS_STORE = "domain-stats-windowed";

  private ProcessTopology() {}

  /** Adds the whole topology to {@code builder} and builds it, with metrics nobody reads. */
  public static Topology buildTopology(StreamsBuilder builder, ProcessSettings settings) {
    return buildTopology(builder, settings, new SimpleMeterRegistry());
  }

  /** Adds the whole topology to {@code builder} and builds it, counting into {@code registry}. */
  public static Topology buildTopology(
      StreamsBuilder builder, ProcessSettings settings, MeterRegistry registry) {
    return buildTopology(builder, settings, registry, new RecordLimits(settings.maxRecordBytes()));
  }

  /**
   * Adds the whole topology to {@code builder} and builds it, counting into {@code registry}, with
   * the records it writes checked against {@code limits}: the same limits the production handler
   * lowers when a broker refuses a record ({@link #streamsConfig(ProcessSettings, KafkaSettings,
   * RecordLimits)}).
   */
  public static Topology buildTopology(
      StreamsBuilder builder,
      ProcessSettings settings,
      MeterRegistry registry,
      RecordLimits limits) {
    Sinks sinks = new Sinks(limits);
    // Every crawl's definition, on every instance: seeds take its depth and scope, pages its rules.
    builder.addGlobalStore(
        CrawlDefinitions.store(),
        Topics.CRAWLS.name(),
        Consumed.with(Serdes.String(), Serdes.ByteArray())
            .withName(Topics.CRAWLS.name() + "-source"),
        CrawlDefinitions.updates(registry));
    // 0. A record without a value (a tombstone) is no outcome and no seed: it fails here, once,
    //    and goes to the dead-letter topic like any record whose processing throws.
    KStream<String, FetchResult> pages =
        builder.stream(Topics.PAGES.name(), consumed(Topics.PAGES))
            .mapValues(ProcessTopology::requireValue, named("pages-with-values"));
    KStream<String, FetchFailure> failures =
        builder.stream(Topics.FETCH_DLQ.name(), consumed(Topics.FETCH_DLQ))
            .mapValues(ProcessTopology::requireValue, named("failures-with-values"));
    KStream<String, FetchRequest> seeds =
        builder.stream(Topics.SEEDS.name(), consumed(Topics.SEEDS))
            .mapValues(ProcessTopology::requireValue, named("seeds-with-values"))
            .processValues(DefinedSeeds.supplier(registry), named("seeds-as-defined"));

    KStream<String, ParsedPage> parsed = documents(pages, settings, registry, sinks);
    KStream<String, HostSightings> byHost = sightingsByHost(parsed, failures, seeds, sinks);
    byHost
        .process(
            SeenUrlFilter.supplier(settings.crawlIdleTtl(), registry), named("first-sightings"))
        .to(Topics.URLS.name(), sinks.produced(Topics.URLS));
    statistics(byHost, settings, registry, sinks);
    return builder.build();
  }

  /**
   * 1. Parse: every page outcome becomes a document, keyed by its host; FETCHED HTML pages are
   * parsed, with the rules of their crawl's definition. Pages come keyed by URL, so the pages of
   * one host spread over every partition and stream thread.
   */
  private static KStream<String, ParsedPage> documents(
      KStream<String, FetchResult> pages,
      ProcessSettings settings,
      MeterRegistry registry,
      Sinks sinks) {
    PageParser parser = new PageParser(settings.outlinkCap(), settings.extractBudget());
    KStream<String, ParsedPage> parsed =
        pages.processValues(ParseStep.supplier(parser, new ParseMetrics(registry)), named("parse"));
    parsed
        .map(
            (key, page) -> KeyValue.pair(page.request().getHost(), page.document()),
            named("document"))
        .to(Topics.DOCUMENTS.name(), sinks.produced(Topics.DOCUMENTS));
    return parsed;
  }

  /**
   * 2. Everything a page, a failure or a seed tells a host meets in the partition of the host,
   * through one repartition topic (so all are co-partitioned whatever the source topics' partition
   * counts): the URLs it settles and the links it follows, for the seen-urls store, which lets only
   * the first sighting of a URL in its crawl through to trawl.urls; and, on the record of the
   * request's own host, what the outcome counts in the host's statistics. One record per page and
   * host.
   */
  private static KStream<String, HostSightings> sightingsByHost(
      KStream<String, ParsedPage> parsed,
      KStream<String, FetchFailure> failures,
      KStream<String, FetchRequest> seeds,
      Sinks sinks) {
    KStream<String, HostSightings> pageSightings =
        parsed.flatMap((key, page) -> LinkDiscovery.sightings(page), named("page-sightings"));
    KStream<String, HostSightings> failureSightings =
        failures.flatMap(
            (host, failure) -> LinkDiscovery.settled(failure), named("failure-sightings"));
    KStream<String, HostSightings> seedSightings =
        seeds.map((host, seed) -> LinkDiscovery.seed(seed), named("seed-sightings"));
    return pageSightings
        .merge(failureSightings, named("sightings"))
        .merge(seedSightings, named("sightings-and-seeds"))
        .repartition(
            Repartitioned.with(Serdes.String(), sinks.checked(new HostSightingsSerde()))
                .withName(SIGHTINGS_BY_HOST));
  }

  /**
   * 3. Statistics: the outcomes of a host's page outcomes and failures, each URL of a crawl once
   * (the counted-outcomes store marks the rest as duplicates, which count in {@code duplicates}
   * only), fold into one all-time DomainStats, and into one per tumbling window (by record time),
   * updated as records arrive: each window is its own key, host@windowStart, whose last value wins
   * (see Topics).
   */
  private static void statistics(
      KStream<String, HostSightings> byHost,
      ProcessSettings settings,
      MeterRegistry registry,
      Sinks sinks) {
    KGroupedStream<String, CountedOutcome> outcomesByHost =
        byHost
            .filter((host, sightings) -> sightings.getOutcome() != null, named("outcomes"))
            .mapValues(
                sightings -> CountedOutcome.of(sightings.getCrawlId(), sightings.getOutcome()),
                named("counted-outcomes"))
            .processValues(
                DuplicateOutcomes.supplier(settings.crawlIdleTtl(), registry),
                named("mark-duplicate-outcomes"))
            // Keys are unchanged, so this groups without a repartition: the value serde is unused.
            .groupByKey(Grouped.with("outcomes-by-host", Serdes.String(), null));
    outcomesByHost
        .aggregate(
            DomainStatsAggregator::empty,
            DomainStatsAggregator::add,
            named("domain-stats"),
            Materialized.<String, DomainStats, KeyValueStore<Bytes, byte[]>>as(DOMAIN_STATS_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(Topics.DOMAIN_STATS.valueSerde()))
        .toStream(named("domain-stats-changes"))
        .to(Topics.DOMAIN_STATS.name(), sinks.produced(Topics.DOMAIN_STATS));
    outcomesByHost
        .windowedBy(TimeWindows.ofSizeAndGrace(settings.statsWindow(), settings.statsGrace()))
        .aggregate(
            DomainStatsAggregator::empty,
            DomainStatsAggregator::add,
            named("domain-stats-windowed"),
            Materialized.<String, DomainStats, WindowStore<Bytes, byte[]>>as(WINDOWED_STATS_STORE)
                .withKeySerde(Serdes.String())
                .withValueSerde(Topics.DOMAIN_STATS_WINDOWED.valueSerde()))
        .toStream(named("domain-stats-windowed-changes"))
        .map(ProcessTopology::windowed, named("domain-stats-window-keys"))
        .to(Topics.DOMAIN_STATS_WINDOWED.name(), sinks.produced(Topics.DOMAIN_STATS_WINDOWED));
  }

  /**
   * Kafka Streams settings: exactly-once, one commit per {@code commitInterval}, client limits
   * sized for page bodies, every RocksDB store within one memory budget, records that cannot be
   * decoded or processed sent to the dead-letter topic ({@link DeadLetterHandler}), and so are
   * records made that cannot be written ({@link ProductionDeadLetterHandler}). Client properties
   * from {@code kafka} (TLS, SASL, tuning) win ({@link KafkaSettings#streams}).
   */
  public static Properties streamsConfig(ProcessSettings settings, KafkaSettings kafka) {
    return streamsConfig(settings, kafka, null);
  }

  /**
   * {@link #streamsConfig(ProcessSettings, KafkaSettings)}, with {@code limits} (when not null)
   * passed to the production handler, to lower when a broker refuses a record for good.
   */
  public static Properties streamsConfig(
      ProcessSettings settings, KafkaSettings kafka, RecordLimits limits) {
    Map<String, Object> tuning = new HashMap<>();
    tuning.put(StreamsConfig.APPLICATION_ID_CONFIG, settings.applicationId());
    tuning.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    tuning.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, settings.threads());
    tuning.put(StreamsConfig.STATE_DIR_CONFIG, settings.stateDir().toString());
    tuning.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, settings.commitInterval().toMillis());
    tuning.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, settings.standbyReplicas());
    // Every store of the process within one off-heap budget (see BoundedRocksDbConfig).
    tuning.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
    tuning.put(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG, settings.rocksDbMemoryBytes());
    tuning.put(
        StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    tuning.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
    tuning.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, ProductionDeadLetterHandler.class);
    // Kafka Streams 4.4 warns unless this is set; it becomes the default in 5.0.
    tuning.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    // A page is up to contentLimitBytes: Kafka Streams' default of 1,000 buffered records per
    // partition would keep hundreds of MB of pages alive, copied by every young collection.
    tuning.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, BUFFERED_PAGES_PER_PARTITION);
    tuning.put(
        StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG),
        BUFFERED_PAGES_PER_PARTITION);
    PageLimits.consumerTuning(settings.contentLimitBytes())
        .forEach((key, value) -> tuning.put(StreamsConfig.consumerPrefix(key), value));
    PageLimits.producerTuning(settings.contentLimitBytes())
        .forEach((key, value) -> tuning.put(StreamsConfig.producerPrefix(key), value));
    tuning.put(
        StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG),
        KafkaSettings.COMPRESSION);
    Properties config = kafka.streams(tuning);
    if (limits != null) {
      config.put(RecordLimits.CONFIG, limits);
    }
    return config;
  }

  private static <V> V requireValue(V value) {
    if (value == null) {
      throw new IllegalArgumentException("a record without a value is not a fetch outcome");
    }
    return value;
  }

  /** A window's statistics keyed {@code host@windowStart}, with the window's bounds set. */
  private static KeyValue<String, DomainStats> windowed(Windowed<String> key, DomainStats stats) {
    long start = key.window().start();
    return KeyValue.pair(
        Topics.windowedKey(key.key(), start),
        DomainStats.newBuilder(stats)
            .setWindowStart(start)
            .setWindowEnd(key.window().end())
            .build());
  }

  private static <V> Consumed<String, V> consumed(Topic<String, V> topic) {
    return Consumed.with(topic.keySerde(), topic.valueSerde()).withName(topic.name() + "-source");
  }

  /** How the topology writes: every value checked against the largest record it may write. */
  private record Sinks(RecordLimits limits) {

    <V> Produced<String, V> produced(Topic<String, V> topic) {
      return Produced.with(topic.keySerde(), checked(topic.valueSerde()))
          .withName(topic.name() + "-sink");
    }

    <V> Serde<V> checked(Serde<V> serde) {
      return SizeCheckedSerde.of(serde, limits);
    }
  }

  private static Named named(String name) {
    return Named.as(name);
  }
}
