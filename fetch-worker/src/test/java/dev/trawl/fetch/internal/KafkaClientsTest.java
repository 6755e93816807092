package dev.trawl.fetch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.fetch.FetchSettings;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.PageLimits;
import java.util.Map;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

  private static final FetchSettings SETTINGS =
      FetchSettings.defaults()
          .with(FetchSettings.GROUP_ID, "g")
          .with(PageLimits.CONTENT_LIMIT_BYTES, 4 * 1024 * 1024);

  @Test
  void consumesRawBytesInTheClassicProtocolWithCooperativeRebalancing() {
    Map<String, Object> props = KafkaClients.consumer(KafkaSettings.of("127.0.0.1:9092"), SETTINGS);

    assertThat(props)
        .containsEntry("group.id", "g")
        .containsEntry("group.protocol", "classic")
        .containsEntry("partition.assignment.strategy", CooperativeStickyAssignor.class.getName())
        .containsEntry("enable.auto.commit", false)
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("max.partition.fetch.bytes", 64 * 1024);
  }

  @Test
  void leavesTheAssignmentToTheBrokerInTheNewProtocol() {
    Map<String, Object> props =
        KafkaClients.consumer(
            KafkaSettings.of("127.0.0.1:9092", Map.of("group.protocol", "consumer")), SETTINGS);

    assertThat(props)
        .containsEntry("group.protocol", "consumer")
        .doesNotContainKey("partition.assignment.strategy");
  }

  @Test
  void sizesProducerRequestsForAPageAtTheContentLimit() {
    Map<String, Object> props = KafkaClients.producer(KafkaSettings.of("127.0.0.1:9092"), SETTINGS);

    assertThat(props)
        .containsEntry("max.request.size", 4 * 1024 * 1024 + 256 * 1024)
        .containsEntry("buffer.memory", 64L * 1024 * 1024)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true)
        .containsEntry("batch.size", 256 * 1024);
  }

  @Test
  void keepsABatchSizeTheUserChose() {
    Map<String, Object> props =
        KafkaClients.producer(
            KafkaSettings.of("127.0.0.1:9092", Map.of("batch.size", "65536")), SETTINGS);

    assertThat(props).containsEntry("batch.size", "65536");
  }
}
