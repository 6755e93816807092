package dev.trawl.process;

import dev.trawl.process.internal.deadletters.DeadLetterHandler;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topic;
import dev.trawl.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The whole process topology in a {@link TopologyTestDriver} (one thread, wall clock at {@link
 * #NOW} and moved only by the test), with every Trawl topic it reads or writes and its metrics.
 */
final class TopologyDriver implements AutoCloseable {

  static final Instant NOW = Instant.ofEpochMilli(1_700_000_000_000L);

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final TopologyTestDriver driver;
  final TestInputTopic<String, FetchResult> pages;
  final TestInputTopic<String, FetchFailure> failures;
  final TestInputTopic<String, FetchRequest> seeds;
  final TestInputTopic<String, CrawlDefinition> crawls;
  final TestOutputTopic<String, Document> documents;
  final TestOutputTopic<String, FetchRequest> urls;
  final TestOutputTopic<String, DomainStats> stats;
  final TestOutputTopic<String, DomainStats> windowedStats;
  final TestOutputTopic<String, ProcessFailure> deadLetters;

  /** The topology with default settings, one thread, state under {@code stateDir}. */
  TopologyDriver(Path stateDir) {
    this(stateDir, settings -> settings);
  }

  /** The topology with the default settings as {@code settings} changes them. */
  TopologyDriver(Path stateDir, UnaryOperator<ProcessSettings> settings) {
    ProcessSettings chosen =
        settings.apply(
            ProcessSettings.defaults()
                .with(ProcessSettings.STATE_DIR, stateDir)
                .with(ProcessSettings.THREADS, 1));
    Properties config = ProcessTopology.streamsConfig(chosen, KafkaSettings.of("127.0.0.1:9"));
    config.put(DeadLetterHandler.METER_REGISTRY_CONFIG, registry);
    driver =
        new TopologyTestDriver(
            ProcessTopology.buildTopology(new StreamsBuilder(), chosen, registry), config, NOW);
    pages = input(Topics.PAGES);
    failures = input(Topics.FETCH_DLQ);
    seeds = input(Topics.SEEDS);
    crawls = input(Topics.CRAWLS);
    documents = output(Topics.DOCUMENTS);
    urls = output(Topics.URLS);
    stats = output(Topics.DOMAIN_STATS);
    windowedStats = output(Topics.DOMAIN_STATS_WINDOWED);
    deadLetters = output(Topics.PROCESS_DLQ);
  }

  /** Sends page outcomes, keyed by their requested URL as the fetch workers do. */
  void pipe(FetchResult... results) {
    for (FetchResult result : results) {
      pages.pipeInput(Topics.pageKey(result), result);
    }
  }

  /** Sends failures, keyed by their request's host. */
  void pipe(FetchFailure... results) {
    for (FetchFailure failure : results) {
      failures.pipeInput(failure.getRequest().getHost(), failure);
    }
  }

  /** Sends seeds, keyed by their host. */
  void seed(FetchRequest... requests) {
    for (FetchRequest request : requests) {
      seeds.pipeInput(request.getHost(), request);
    }
  }

  /** Publishes {@code definition} to trawl.crawls, keyed by its crawl id. */
  void define(CrawlDefinition definition) {
    crawls.pipeInput(definition.getCrawlId(), definition);
  }

  /** The count of a counter of the topology's metrics (0 when it was never registered). */
  double count(String name, String... tags) {
    var counter = registry.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  /** A key-value store of the topology, to read, or to write as an earlier release would have. */
  <V> KeyValueStore<String, V> store(String name) {
    return driver.getKeyValueStore(name);
  }

  private <V> TestInputTopic<String, V> input(Topic<String, V> topic) {
    return driver.createInputTopic(
        topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
  }

  private <V> TestOutputTopic<String, V> output(Topic<String, V> topic) {
    return driver.createOutputTopic(
        topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
  }

  @Override
  public void close() {
    driver.close();
  }
}
