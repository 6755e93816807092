package dev.trawl.fetch.internal.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.PageLimits;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

/** Client properties and construction only: no broker is contacted. */
class KafkaClientsTest {

  private static final String BROKER = "127.0.0.1:9092";
  private static final int CONTENT_LIMIT = 4 * 1024 * 1024;

  @Test
  void consumesCommittedRecordsInTheClassicProtocolWithCooperativeRebalancing() {
    Map<String, Object> props = KafkaClients.consumerConfig(KafkaSettings.of(BROKER), "g");

    assertThat(props)
        .containsEntry("bootstrap.servers", BROKER)
        .containsEntry("group.id", "g")
        .containsEntry("group.protocol", "classic")
        .containsEntry("partition.assignment.strategy", CooperativeStickyAssignor.class.getName())
        .containsEntry("enable.auto.commit", false)
        .containsEntry("isolation.level", "read_committed");
  }

  @Test
  void fetchesLessPerPartitionThanKafkaByDefault() {
    Map<String, Object> props = KafkaClients.consumerConfig(KafkaSettings.of(BROKER), "g");

    assertThat((Integer) props.get("max.partition.fetch.bytes"))
        .isLessThan(ConsumerConfig.DEFAULT_MAX_PARTITION_FETCH_BYTES);
  }

  @Test
  void leavesTheAssignmentToTheBrokerInTheConsumerProtocol() {
    for (String key : List.of("group.protocol", "consumer.group.protocol")) {
      KafkaSettings kafka = KafkaSettings.of(BROKER, Map.of(key, "CONSUMER"));

      Map<String, Object> props = KafkaClients.consumerConfig(kafka, "g");

      assertThat(props).as(key).doesNotContainKey("partition.assignment.strategy");
      assertThat(props.get("group.protocol")).as(key).isEqualTo("CONSUMER");
      KafkaClients.consumer(kafka, "g").close(Duration.ZERO);
    }
  }

  @Test
  void theConsumerProtocolRefusesAClientSideAssignor() {
    Map<String, Object> props =
        new HashMap<>(KafkaClients.consumerConfig(KafkaSettings.of(BROKER), "g"));
    props.put("group.protocol", "consumer");

    assertThatThrownBy(
            () ->
                new KafkaConsumer<>(
                    props, new ByteArrayDeserializer(), new ByteArrayDeserializer()))
        .isInstanceOf(KafkaException.class);
  }

  @Test
  void aConsumerPropertyTheUserChoseWinsInEitherSpelling() {
    for (String key : List.of("max.partition.fetch.bytes", "consumer.max.partition.fetch.bytes")) {
      Map<String, Object> props =
          KafkaClients.consumerConfig(KafkaSettings.of(BROKER, Map.of(key, "1048576")), "g");

      assertThat(props).as(key).containsEntry("max.partition.fetch.bytes", "1048576");
    }
  }

  @Test
  void producesDurablyInRequestsAndABufferThatHoldAPageAtTheContentLimit() {
    Map<String, Object> props =
        KafkaClients.producerConfig(KafkaSettings.of(BROKER), CONTENT_LIMIT);

    assertThat(props)
        .containsEntry("acks", "all")
        .containsEntry("enable.idempotence", true)
        .containsAllEntriesOf(PageLimits.producerTuning(CONTENT_LIMIT));
    assertThat((Integer) props.get("max.request.size")).isGreaterThan(CONTENT_LIMIT);
    assertThat((Long) props.get("buffer.memory"))
        .isGreaterThanOrEqualTo((Integer) props.get("max.request.size"));
  }

  @Test
  void aProducerPropertyTheUserChoseWinsInEitherSpelling() {
    for (String name : List.of("batch.size", "buffer.memory", "max.request.size")) {
      for (String key : List.of(name, "producer." + name)) {
        Map<String, Object> props =
            KafkaClients.producerConfig(
                KafkaSettings.of(BROKER, Map.of(key, "33554432")), CONTENT_LIMIT);

        assertThat(props).as(key).containsEntry(name, "33554432");
      }
    }
  }

  @Test
  void buildsClientsKafkaAccepts() {
    KafkaSettings kafka = KafkaSettings.of(BROKER);

    KafkaClients.consumer(kafka, "g").close(Duration.ZERO);
    KafkaClients.producer(kafka, CONTENT_LIMIT).close(Duration.ZERO);
  }
}
