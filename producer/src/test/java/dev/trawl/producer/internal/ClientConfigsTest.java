package dev.trawl.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.runtime.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class ClientConfigsTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Test
  void boundsEveryProducerWaitByTheSendTimeout() {
    Map<String, Object> props = ClientConfigs.producer(KafkaSettings.of("k:9092"), TIMEOUT);

    assertThat(props)
        .containsEntry("bootstrap.servers", "k:9092")
        .containsEntry("max.block.ms", 10_000)
        .containsEntry("delivery.timeout.ms", 10_000);
    assertThat(millis(props, "request.timeout.ms")).isLessThan(10_000);
    assertThat(millis(props, "linger.ms") + millis(props, "request.timeout.ms"))
        .isLessThanOrEqualTo(10_000);
  }

  @Test
  void givesDeliveryRoomForTheUsersLingerAndRequestTimeoutHoweverWritten() {
    for (String prefix : List.of("", "producer.")) {
      KafkaSettings kafka =
          KafkaSettings.of(
              "k:9092",
              Map.of(prefix + "linger.ms", "9000", prefix + "request.timeout.ms", "4000"));

      Map<String, Object> props = ClientConfigs.producer(kafka, TIMEOUT);

      assertThat(props)
          .as(prefix)
          .containsEntry("linger.ms", "9000")
          .containsEntry("request.timeout.ms", "4000")
          .containsEntry("delivery.timeout.ms", 13_000);
    }
  }

  @Test
  void letsTheUserChooseAnyTimeout() {
    KafkaSettings kafka =
        KafkaSettings.of(
            "k:9092",
            Map.of(
                "max.block.ms", "1",
                "producer.delivery.timeout.ms", "600000",
                "admin.default.api.timeout.ms", "7",
                "client.id", "mine"));

    assertThat(ClientConfigs.producer(kafka, TIMEOUT))
        .containsEntry("max.block.ms", "1")
        .containsEntry("delivery.timeout.ms", "600000")
        .containsEntry("client.id", "mine");
    assertThat(ClientConfigs.admin(kafka, TIMEOUT))
        .containsEntry("default.api.timeout.ms", "7")
        .containsEntry("client.id", "mine");
  }

  @Test
  void refusesALingerThatIsNotANumberAsKafkaWould() {
    KafkaSettings kafka = KafkaSettings.of("k:9092", Map.of("linger.ms", "soon"));

    assertThatThrownBy(() -> ClientConfigs.producer(kafka, TIMEOUT))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("linger.ms");
  }

  @Test
  void boundsEveryAdminCallByTheSendTimeout() {
    Map<String, Object> props = ClientConfigs.admin(KafkaSettings.of("k:9092"), TIMEOUT);

    assertThat(props)
        .containsEntry("bootstrap.servers", "k:9092")
        .containsEntry("default.api.timeout.ms", 10_000);
    assertThat(millis(props, "request.timeout.ms")).isLessThanOrEqualTo(10_000);
  }

  private static long millis(Map<String, Object> props, String key) {
    return Long.parseLong(props.get(key).toString());
  }
}
