package dev.trawl.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

  @Test
  void mapsTrawlKafkaEnvironmentVariablesToClientProperties() {
    Map<String, String> env =
        Map.of(
            "TRAWL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "TRAWL_KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
            "TRAWL_KAFKA_", "ignored: no key",
            "TRAWL_BOOTSTRAP_SERVERS", "not a client property",
            "PATH", "/bin");

    assertThat(KafkaSettings.fromEnvironment(env))
        .isEqualTo(Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
  }

  @Test
  void explicitPropertiesWinOverEnvironmentWhichWinsOverDefaults() {
    KafkaSettings settings =
        KafkaSettings.of(
            "k1:9092",
            Map.of("TRAWL_KAFKA_LINGER_MS", "20", "TRAWL_KAFKA_ACKS", "1"),
            Map.of("acks", "all", "client.id", "x"));

    assertThat(settings.producer())
        .containsEntry("bootstrap.servers", "k1:9092")
        .containsEntry("linger.ms", "20")
        .containsEntry("acks", "all")
        .containsEntry("client.id", "x")
        .containsEntry("enable.idempotence", true);
  }

  @Test
  void consumersCommitByHandAndReadOnlyCommittedRecords() {
    assertThat(new KafkaSettings("k:1", Map.of()).consumer("g"))
        .isEqualTo(
            Map.of(
                "bootstrap.servers", "k:1",
                "group.id", "g",
                "enable.auto.commit", false,
                "auto.offset.reset", "earliest",
                "isolation.level", "read_committed"));
  }

  @Test
  void rejectsEmptyBootstrapServers() {
    assertThatThrownBy(() -> new KafkaSettings(" ", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bootstrap servers must not be empty");
  }
}
