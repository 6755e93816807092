package dev.trawl.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {
  private static final String TOPIC = "trawl.test";
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void keepsTopicsAndRecordsAcrossARestartOnTheSameFolderAndPort(@TempDir Path dir)
      throws Exception {
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      sent.add("host-" + (i % 4) + "=page-" + i);
    }
    // A page body past Kafka's default 1 MiB limit.
    sent.add("big=" + "x".repeat(3 * 1024 * 1024));

    int port;
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0)) {
      port = kafka.port();
      assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      try (Admin admin = admin(kafka)) {
        admin
            .createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1)))
            .all()
            .get(30, TimeUnit.SECONDS);
      }
      produce(kafka, sent);
      assertThat(consumeAll(kafka)).containsExactlyInAnyOrderElementsOf(sent);
    }

    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir, port)) {
      assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
      try (Admin admin = admin(kafka)) {
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).containsExactly(TOPIC);
      }
      assertThat(consumeAll(kafka)).containsExactlyInAnyOrderElementsOf(sent);
    }
  }

  @Test
  void runsWithTheSettingsTheAppRelyOn() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
        Admin admin = admin(kafka)) {
      ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, "1");
      Config config =
          admin.describeConfigs(List.of(broker)).all().get(30, TimeUnit.SECONDS).get(broker);

      assertThat(config.get("auto.create.topics.enable").value()).isEqualTo("false");
      assertThat(Integer.parseInt(config.get("message.max.bytes").value()))
          .isGreaterThanOrEqualTo(16 * 1024 * 1024);
      assertThat(config.get("offsets.topic.replication.factor").value()).isEqualTo("1");
      assertThat(config.get("transaction.state.log.min.isr").value()).isEqualTo("1");
      assertThat(config.get("group.initial.rebalance.delay.ms").value()).isEqualTo("0");
      assertThat(config.get("listeners").value()).doesNotContain("0.0.0.0");
    }
  }

  @Test
  void closeReleasesThePortAndASecondCloseDoesNothing(@TempDir Path dir) throws Exception {
    EmbeddedKafka kafka = EmbeddedKafka.start(dir, 0);
    int port = kafka.port();
    assertThat(accepts(port)).isTrue();

    kafka.close();

    assertThat(accepts(port)).isFalse();
    assertThatCode(kafka::close).doesNotThrowAnyException();
    try (EmbeddedKafka again = EmbeddedKafka.start(dir, port)) {
      assertThat(again.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void rejectsAPortOutOfRange(@TempDir Path dir) {
    assertThatThrownBy(() -> EmbeddedKafka.start(dir, 70000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be in [0, 65535], was 70000");
  }

  private static Admin admin(EmbeddedKafka kafka) {
    return Admin.create(
        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }

  private static void produce(EmbeddedKafka kafka, List<String> keyValues) throws Exception {
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
            16 * 1024 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4");
    try (KafkaProducer<String, String> producer =
        new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
      for (String keyValue : keyValues) {
        String[] parts = keyValue.split("=", 2);
        producer.send(new ProducerRecord<>(TOPIC, parts[0], parts[1])).get(30, TimeUnit.SECONDS);
      }
    }
  }

  /** Reads every partition from the beginning up to its end offset, waiting 30 s at most. */
  private static List<String> consumeAll(EmbeddedKafka kafka) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafka.bootstrapServers(),
            ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
            16 * 1024 * 1024);
    List<String> received = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
      Set<TopicPartition> partitions =
          consumer.partitionsFor(TOPIC, WAIT).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .collect(Collectors.toSet());
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, WAIT);
      Instant deadline = Instant.now().plus(WAIT);
      while (!atEnd(consumer, ends) && Instant.now().isBefore(deadline)) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
          received.add(record.key() + "=" + record.value());
        }
      }
    }
    return received;
  }

  private static boolean atEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends) {
    return ends.entrySet().stream()
        .allMatch(end -> consumer.position(end.getKey(), WAIT) >= end.getValue());
  }
}
