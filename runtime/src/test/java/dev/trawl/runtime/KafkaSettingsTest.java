package dev.trawl.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.runtime.config.Config;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class KafkaSettingsTest {

  @Test
  void takesClientPropertiesFromTrawlKafkaVariablesAndTheCommandLine() {
    Map<String, String> env =
        Map.of(
            "TRAWL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "TRAWL_KAFKA_ACKS", "1",
            "TRAWL_BOOTSTRAP_SERVERS", "k1:9092",
            "PATH", "/bin");
    KafkaSettings kafka =
        new KafkaSettings(
            Config.resolve(
                KafkaSettings.SETTINGS, Map.of("kafka", List.of("acks=all", "client.id=x")), env));

    assertThat(kafka.bootstrapServers()).isEqualTo("k1:9092");
    assertThat(kafka.properties())
        .isEqualTo(Map.of("security.protocol", "SASL_SSL", "acks", "all", "client.id", "x"));
  }

  @Test
  void theUsersPropertiesWinOverTheRolesTuningWhichWinsOverTrawlsDefaults() {
    KafkaSettings kafka = KafkaSettings.of("k1:9092", Map.of("linger.ms", "20", "acks", "1"));

    assertThat(kafka.producer(Map.of("linger.ms", 50, "batch.size", 1024)))
        .isEqualTo(
            Map.of(
                "bootstrap.servers", "k1:9092",
                "acks", "1",
                "enable.idempotence", true,
                "compression.type", "lz4",
                "linger.ms", "20",
                "batch.size", 1024));
  }

  @Test
  void aPropertyWrittenForOneClientAppliesToThatClientOnly() {
    KafkaSettings kafka =
        KafkaSettings.of(
            "k:1",
            Map.of(
                "producer.batch.size", "9",
                "batch.size", "1",
                "consumer.max.poll.records", "7",
                "admin.retries", "2"));

    assertThat(kafka.producer())
        .containsEntry("batch.size", "9")
        .doesNotContainKey("max.poll.records");
    assertThat(kafka.consumer("g"))
        .containsEntry("max.poll.records", "7")
        .containsEntry("batch.size", "1")
        .doesNotContainKey("retries");
    assertThat(kafka.admin()).containsEntry("retries", "2").doesNotContainKey("max.poll.records");
  }

  @Test
  void streamsTuningGivesWayToTheUsersPropertyInEitherForm() {
    KafkaSettings kafka =
        KafkaSettings.of("k:1", Map.of("batch.size", "1", "consumer.max.poll.records", "7"));

    Properties streams =
        kafka.streams(
            Map.of(
                "producer.batch.size", 262144,
                "producer.buffer.memory", 1L,
                "consumer.max.poll.records", 100,
                "commit.interval.ms", 1000));

    assertThat(streams)
        .isEqualTo(
            properties(
                Map.of(
                    "bootstrap.servers", "k:1",
                    "producer.buffer.memory", 1L,
                    "commit.interval.ms", 1000,
                    "batch.size", "1",
                    "consumer.max.poll.records", "7")));
  }

  @Test
  void consumersCommitByHandAndReadOnlyCommittedRecords() {
    assertThat(KafkaSettings.of("k:1").consumer("g"))
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
    assertThatThrownBy(() -> KafkaSettings.of(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--bootstrap-servers must not be empty, was ' '");
  }

  @Test
  void neverPrintsTheUsersPropertiesWhichMayHoldCredentials() {
    KafkaSettings kafka = KafkaSettings.of("k:1", Map.of("sasl.jaas.config", "password=\"p\";"));

    assertThat(kafka.toString()).isEqualTo("KafkaSettings[bootstrapServers=k:1]");
  }

  private static Properties properties(Map<String, Object> entries) {
    Properties props = new Properties();
    props.putAll(entries);
    return props;
  }
}
