package dev.trawl.runtime;

import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import dev.trawl.schemas.Topic;
import dev.trawl.schemas.Topics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidMetadataException;

/**
 * Creates Trawl's topics when they are missing. Page bodies travel in {@code trawl.pages}, so its
 * {@code max.message.bytes} follows the fetcher's content limit.
 */
public final class TopicSetup {

  /**
   * Partitions of each topic created, when Trawl creates its topics (local runs); all topics get
   * the same count, since the process worker's inputs (pages, failures, seeds) must be
   * co-partitioned.
   */
  public static final Setting<Integer> PARTITIONS =
      Setting.of("topic.partitions", "--partitions", ValueType.INT)
          .defaultValue(6)
          .atLeast(1)
          .doc("Partitions of each Trawl topic created.");

  private TopicSetup() {}

  /** Creates every missing Trawl topic; returns the names it created. */
  public static List<String> ensureTopics(
      Admin admin, int partitions, short replicationFactor, int contentLimitBytes)
      throws InterruptedException {
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<String, ?> topic : Topics.all()) {
        if (!existing.contains(topic.name())) {
          missing.add(
              new NewTopic(topic.name(), partitions, replicationFactor)
                  .configs(configs(topic, contentLimitBytes)));
        }
      }
      admin.createTopics(missing).all().get();
      awaitLeaders(admin, missing);
      return missing.stream().map(NewTopic::name).toList();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create Trawl topics: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Waits (up to 30 s) until every partition of {@code topics} answers ListOffsets from its leader.
   * An idempotent producer that writes to a partition before its broker has taken up leadership can
   * have its first batch refused (NOT_LEADER_OR_FOLLOWER) while the next is appended, and then
   * fails the first with OUT_OF_ORDER_SEQUENCE_NUMBER at delivery.timeout.ms (KAFKA-15591; seen
   * with the 4.4.0 broker in the producer's tests).
   */
  public static void awaitLeaders(Admin admin, List<NewTopic> topics)
      throws InterruptedException, ExecutionException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (NewTopic topic : topics) {
      for (int p = 0; p < topic.numPartitions(); p++) {
        latest.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        admin.listOffsets(latest).all().get();
        return;
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof InvalidMetadataException) || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  static Map<String, String> configs(Topic<String, ?> topic, int contentLimitBytes) {
    // Only pages carry bodies; the process worker's dead letters keep at most 64 KiB of a record.
    if (topic == Topics.PAGES) {
      return Map.of(
          TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
          String.valueOf(PageLimits.maxMessageBytes(contentLimitBytes)),
          TopicConfig.COMPRESSION_TYPE_CONFIG,
          KafkaSettings.COMPRESSION);
    }
    if (topic == Topics.DOMAIN_STATS || topic == Topics.CRAWLS) {
      // The latest value of each key is the state: a host's statistics, a crawl's definition.
      return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
    return Map.of(TopicConfig.COMPRESSION_TYPE_CONFIG, KafkaSettings.COMPRESSION);
  }
}
