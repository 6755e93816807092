package dev.trawl.producer;

import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

/** Unique topics on the shared test broker, and reading them back whole. */
final class TestTopics {

  private TestTopics() {}

  static String bootstrapServers() {
    return TestKafka.bootstrapServers();
  }

  /**
   * Creates a topic with a unique name and the given topic configs, and waits until every partition
   * leader answers (see TopicCheck on why writing at once can lose a batch).
   */
  static String create(int partitions, Map<String, String> configs) throws Exception {
    String name = "test.urls." + UUID.randomUUID();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
      ensureCrawlsTopic(admin);
      admin
          .createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
          .all()
          .get(30, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        latest.put(new TopicPartition(name, p), OffsetSpec.latest());
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS) != null);
    }
    return name;
  }

  /** trawl.crawls, where declared crawls' definitions go, as TopicSetup creates it. */
  private static void ensureCrawlsTopic(Admin admin) throws Exception {
    if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(Topics.CRAWLS.name())) {
      NewTopic crawls =
          new NewTopic(Topics.CRAWLS.name(), 1, (short) 1)
              .configs(Map.of("cleanup.policy", "compact"));
      try {
        admin.createTopics(List.of(crawls)).all().get(30, TimeUnit.SECONDS);
        TopicSetup.awaitLeaders(admin, List.of(crawls));
      } catch (java.util.concurrent.ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
      }
    }
  }

  /** Every definition published to trawl.crawls so far, in order. */
  static List<CrawlDefinition> definitions() {
    try (KafkaConsumer<String, CrawlDefinition> consumer =
        new KafkaConsumer<>(
            Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                "group.id",
                "test-" + UUID.randomUUID(),
                "auto.offset.reset",
                "earliest"),
            Topics.CRAWLS.keySerde().deserializer(),
            Topics.CRAWLS.valueSerde().deserializer())) {
      TopicPartition partition = new TopicPartition(Topics.CRAWLS.name(), 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      List<CrawlDefinition> definitions = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (consumer.position(partition) < end && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> definitions.add(r.value()));
      }
      return definitions;
    }
  }

  static String create(int partitions) throws Exception {
    return create(partitions, Map.of());
  }

  /** Every record of {@code topic}, partition by partition, read up to the end offsets. */
  static List<ConsumerRecord<String, FetchRequest>> readAll(String topic) {
    Map<String, Object> props =
        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    try (KafkaConsumer<String, FetchRequest> consumer =
        new KafkaConsumer<>(
            props,
            Topics.URLS.keySerde().deserializer(),
            Topics.URLS.valueSerde().deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<ConsumerRecord<String, FetchRequest>> records = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
              });
      return records;
    }
  }

  /** The number of records in {@code topic}, from its end offsets. */
  static long count(String topic) {
    Map<String, Object> props =
        Map.of(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    try (KafkaConsumer<String, FetchRequest> consumer =
        new KafkaConsumer<>(
            props,
            Topics.URLS.keySerde().deserializer(),
            Topics.URLS.valueSerde().deserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }
  }
}
