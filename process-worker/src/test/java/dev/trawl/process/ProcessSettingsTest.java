package dev.trawl.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.process.internal.DeadLetterHandler;
import dev.trawl.runtime.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProcessSettingsTest {

  @Test
  void defaultsToOneThreadPerCoreAndTheDocumentedValues() {
    assertThat(ProcessSettings.defaults())
        .isEqualTo(
            new ProcessSettings(
                "trawl-process",
                Runtime.getRuntime().availableProcessors(),
                Path.of(System.getProperty("java.io.tmpdir"), "trawl-process"),
                2 * 1024 * 1024,
                500,
                Duration.ofMillis(1000),
                Duration.ofMinutes(1),
                Duration.ofSeconds(30),
                0));
  }

  @Test
  void rejectsBadValuesNamingTheKeyAndTheValue() {
    ProcessSettings ok = ProcessSettings.defaults();

    assertThatThrownBy(() -> ok.withThreads(0)).hasMessage("process.threads must be >= 1, was 0");
    assertThatThrownBy(() -> ok.withOutlinkCap(-1))
        .hasMessage("process.outlink.cap must be >= 0, was -1");
    assertThatThrownBy(() -> ok.withContentLimitBytes(0))
        .hasMessage("fetcher.content.limit.bytes must be >= 1, was 0");
    assertThatThrownBy(() -> ok.withCommitInterval(Duration.ZERO))
        .hasMessage("process.commit.interval.ms must be > 0, was PT0S");
    assertThatThrownBy(() -> ok.withApplicationId("has space"))
        .hasMessage(
            "process.application.id must be letters, digits, '.', '_' or '-', was has space");
    assertThatThrownBy(() -> ok.withStateDir(null)).hasMessage("process.state.dir must be set");
    assertThatThrownBy(() -> ok.withStatsWindow(Duration.ZERO))
        .hasMessage("process.stats.window.ms must be > 0, was PT0S");
    assertThatThrownBy(() -> ok.withStatsGrace(Duration.ofMillis(-1)))
        .hasMessage("process.stats.grace.ms must be >= 0, was PT-0.001S");
    assertThatThrownBy(() -> ok.withStandbyReplicas(-1))
        .hasMessage("process.standby.replicas must be >= 0, was -1");
  }

  @Test
  void configuresExactlyOnceStreamsWithClientLimitsSizedForPageBodies() {
    ProcessSettings settings =
        ProcessSettings.defaults()
            .withApplicationId("app")
            .withThreads(3)
            .withStateDir(Path.of("/state"))
            .withContentLimitBytes(4 * 1024 * 1024)
            .withStandbyReplicas(1);
    KafkaSettings kafka = KafkaSettings.of("127.0.0.1:9092", Map.of("security.protocol", "SSL"));

    Properties config = ProcessTopology.streamsConfig(settings, kafka);

    int maxMessage = 4 * 1024 * 1024 + 256 * 1024;
    assertThat(config)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("application.id", "app"),
                Map.entry("bootstrap.servers", "127.0.0.1:9092"),
                Map.entry("security.protocol", "SSL"),
                Map.entry("processing.guarantee", "exactly_once_v2"),
                Map.entry("num.stream.threads", 3),
                Map.entry("state.dir", "/state"),
                Map.entry("commit.interval.ms", 1000L),
                Map.entry("num.standby.replicas", 1),
                Map.entry("deserialization.exception.handler", DeadLetterHandler.class),
                Map.entry("processing.exception.handler", DeadLetterHandler.class),
                Map.entry("processing.exception.handler.global.enabled", true),
                Map.entry("buffered.records.per.partition", 100),
                Map.entry("consumer.max.poll.records", 100),
                Map.entry("consumer.max.partition.fetch.bytes", maxMessage),
                Map.entry("consumer.fetch.max.bytes", 50 * 1024 * 1024),
                Map.entry("producer.max.request.size", maxMessage),
                Map.entry("producer.compression.type", "lz4"),
                Map.entry("producer.batch.size", 256 * 1024),
                Map.entry("producer.buffer.memory", 64L * 1024 * 1024)));
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
