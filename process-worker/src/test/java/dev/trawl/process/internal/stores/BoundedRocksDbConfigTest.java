package dev.trawl.process.internal.stores;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.Options;

class BoundedRocksDbConfigTest {

  private static final long BUDGET = 24L * 1024 * 1024;

  @TempDir Path stateDir;

  @Test
  void everyStoreOfTheProcessUsesOneCacheOfTheBudgetThatAlsoHoldsTheirWriteBuffers()
      throws Exception {
    StreamsBuilder builder = new StreamsBuilder();
    for (String store : new String[] {"written", "idle"}) {
      builder.addStateStore(
          Stores.keyValueStoreBuilder(
              Stores.persistentKeyValueStore(store), Serdes.String(), Serdes.String()));
    }
    builder.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .process(WriteToStore::new, "written", "idle");

    try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), config())) {
      TestInputTopic<String, String> in =
          driver.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
      String value = "x".repeat(4096);
      for (int i = 0; i < 1024; i++) {
        in.pipeInput("key-" + i, value);
      }

      assertThat(rocksDbMetric(driver, "block-cache-capacity", "written")).isEqualTo(BUDGET);
      assertThat(rocksDbMetric(driver, "block-cache-capacity", "idle")).isEqualTo(BUDGET);
      // Nothing was read: the cache holds the memtables of both stores, charged by the one
      // write-buffer manager, and both stores report that same cache.
      long memtables =
          rocksDbMetric(driver, "size-all-mem-tables", "written")
              + rocksDbMetric(driver, "size-all-mem-tables", "idle");
      assertThat(memtables).isGreaterThan(1024 * 1024);
      assertThat(rocksDbMetric(driver, "block-cache-usage", "idle"))
          .isEqualTo(rocksDbMetric(driver, "block-cache-usage", "written"))
          .isGreaterThanOrEqualTo(memtables);
    }
  }

  @Test
  void memtablesShrinkWithSmallBudgetsAndStopAt16MiB() {
    assertThat(BoundedRocksDbConfig.memtable(16L * 1024 * 1024)).isEqualTo(1024 * 1024);
    assertThat(BoundedRocksDbConfig.memtable(1024L * 1024 * 1024)).isEqualTo(16 * 1024 * 1024);
  }

  @Test
  void refusesAConfigurationWithoutABudget() {
    BoundedRocksDbConfig setter = new BoundedRocksDbConfig();
    try (Options options = new Options()) {
      Map<String, Object> none = Map.of();
      assertThatThrownBy(() -> setter.setConfig("store", options, none))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "Invalid value null for configuration trawl.process.rocksdb.memory.bytes: must be a"
                  + " positive number of bytes");
    }
  }

  private Properties config() throws Exception {
    Properties config = new Properties();
    config.put(StreamsConfig.APPLICATION_ID_CONFIG, "bounded-rocksdb-test");
    config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
    config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir).toString());
    config.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
    config.put(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG, BUDGET);
    return config;
  }

  /** A RocksDB property metric of one store, as Kafka Streams reports it. */
  private static long rocksDbMetric(TopologyTestDriver driver, String name, String store) {
    Map<String, Object> found = new HashMap<>();
    for (Map.Entry<MetricName, ? extends Metric> metric : driver.metrics().entrySet()) {
      MetricName id = metric.getKey();
      if (id.name().equals(name) && store.equals(id.tags().get("rocksdb-state-id"))) {
        found.put(id.toString(), metric.getValue().metricValue());
      }
    }
    assertThat(found).as(name + " of " + store).hasSize(1);
    return ((Number) found.values().iterator().next()).longValue();
  }

  /** Puts every record into the store "written". */
  private static final class WriteToStore implements Processor<String, String, Void, Void> {
    private KeyValueStore<String, String> store;

    @Override
    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> context) {
      store = context.getStateStore("written");
    }

    @Override
    public void process(Record<String, String> record) {
      store.put(record.key(), record.value());
    }
  }
}
