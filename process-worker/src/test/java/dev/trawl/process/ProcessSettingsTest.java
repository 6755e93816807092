package dev.trawl.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.process.internal.deadletters.DeadLetterHandler;
import dev.trawl.process.internal.deadletters.ProductionDeadLetterHandler;
import dev.trawl.process.internal.stores.BoundedRocksDbConfig;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.PageLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProcessSettingsTest {

  @Test
  void zeroThreadsMeansOnePerCore() {
    ProcessSettings settings = ProcessSettings.defaults().with(ProcessSettings.THREADS, 0);

    assertThat(settings.threads()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(settings.with(ProcessSettings.THREADS, 3).threads()).isEqualTo(3);
  }

  @Test
  void rejectsBadValuesNamingTheOptionAndTheValue() {
    ProcessSettings ok = ProcessSettings.defaults();

    assertThatThrownBy(() -> ok.with(ProcessSettings.THREADS, -1))
        .hasMessage("--threads must be at least 0, was -1");
    assertThatThrownBy(() -> ok.with(ProcessSettings.OUTLINK_CAP, -1))
        .hasMessage("--outlink-cap must be at least 0, was -1");
    assertThatThrownBy(() -> ok.with(PageLimits.CONTENT_LIMIT_BYTES, 0))
        .hasMessage("--content-limit-bytes must be at least 1, was 0");
    assertThatThrownBy(() -> ok.with(ProcessSettings.COMMIT_INTERVAL, Duration.ZERO))
        .hasMessage("--commit-interval-ms must be at least 1, was 0");
    assertThatThrownBy(() -> ok.with(ProcessSettings.APPLICATION_ID, "has space"))
        .hasMessage("--application-id must be letters, digits, '.', '_' or '-', was 'has space'");
    assertThatThrownBy(() -> ok.with(ProcessSettings.STATS_WINDOW, Duration.ZERO))
        .hasMessage("--stats-window-ms must be at least 1, was 0");
    assertThatThrownBy(() -> ok.with(ProcessSettings.STATS_GRACE, Duration.ofMillis(-1)))
        .hasMessage("--stats-grace-ms must be at least 0, was -1");
    assertThatThrownBy(() -> ok.with(ProcessSettings.STANDBY_REPLICAS, -1))
        .hasMessage("--standby-replicas must be at least 0, was -1");
    assertThatThrownBy(() -> ok.with(ProcessSettings.ROCKSDB_MEMORY_BYTES, 1024L))
        .hasMessage("--rocksdb-memory-bytes must be at least 8388608, was 1024");
    assertThatThrownBy(() -> ok.with(ProcessSettings.MAX_RECORD_BYTES, 1023))
        .hasMessage("--max-record-bytes must be at least 1024, was 1023");
    assertThatThrownBy(() -> ok.with(ProcessSettings.CRAWL_IDLE_TTL, Duration.ZERO))
        .hasMessage("--crawl-idle-ttl-ms must be at least 1, was 0");
  }

  @Test
  void configuresExactlyOnceStreamsWithClientLimitsSizedForPageBodies() {
    int contentLimit = 4 * 1024 * 1024;
    ProcessSettings settings =
        ProcessSettings.defaults()
            .with(ProcessSettings.APPLICATION_ID, "app")
            .with(ProcessSettings.THREADS, 3)
            .with(ProcessSettings.STATE_DIR, Path.of("/state"))
            .with(PageLimits.CONTENT_LIMIT_BYTES, contentLimit)
            .with(ProcessSettings.COMMIT_INTERVAL, Duration.ofMillis(250))
            .with(ProcessSettings.STANDBY_REPLICAS, 1)
            .with(ProcessSettings.ROCKSDB_MEMORY_BYTES, 64L * 1024 * 1024);
    KafkaSettings kafka = KafkaSettings.of("127.0.0.1:9092", Map.of("security.protocol", "SSL"));

    Properties config = ProcessTopology.streamsConfig(settings, kafka);

    Properties expected = new Properties();
    expected.putAll(
        Map.ofEntries(
            Map.entry("application.id", "app"),
            Map.entry("bootstrap.servers", "127.0.0.1:9092"),
            Map.entry("security.protocol", "SSL"),
            Map.entry("processing.guarantee", "exactly_once_v2"),
            Map.entry("num.stream.threads", 3),
            Map.entry("state.dir", "/state"),
            Map.entry("commit.interval.ms", 250L),
            Map.entry("num.standby.replicas", 1),
            Map.entry("rocksdb.config.setter", BoundedRocksDbConfig.class),
            Map.entry(BoundedRocksDbConfig.MEMORY_BYTES_CONFIG, 64L * 1024 * 1024),
            Map.entry("deserialization.exception.handler", DeadLetterHandler.class),
            Map.entry("processing.exception.handler", DeadLetterHandler.class),
            Map.entry("production.exception.handler", ProductionDeadLetterHandler.class),
            Map.entry("processing.exception.handler.global.enabled", true),
            Map.entry("buffered.records.per.partition", 100),
            Map.entry("consumer.max.poll.records", 100),
            Map.entry("producer.compression.type", "lz4")));
    PageLimits.consumerTuning(contentLimit).forEach((k, v) -> expected.put("consumer." + k, v));
    PageLimits.producerTuning(contentLimit).forEach((k, v) -> expected.put("producer." + k, v));
    assertThat(config).isEqualTo(expected);
  }

  @Test
  void aBatchSizeOrBufferTheUserChoseWinsOverTrawlsDefault() {
    for (String name : List.of("batch.size", "buffer.memory")) {
      for (String key : List.of(name, "producer." + name)) {
        KafkaSettings kafka = KafkaSettings.of("127.0.0.1:9092", Map.of(key, "65536"));

        Properties config = ProcessTopology.streamsConfig(ProcessSettings.defaults(), kafka);

        assertThat(config).containsEntry(key, "65536");
        assertThat(config.keySet()).filteredOn(k -> k.toString().endsWith(name)).hasSize(1);
      }
    }
  }
}
