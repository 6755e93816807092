package dev.trawl.runtime;

import dev.trawl.schemas.Topic;
import dev.trawl.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Creates Trawl's topics when they are missing. Page bodies travel in {@code trawl.pages}, so its
 * {@code max.message.bytes} follows the fetcher's content limit, and it is compressed.
 */
public final class TopicSetup {

  /** Room for a record's request, headers and metadata on top of the body. */
  static final int RECORD_OVERHEAD_BYTES = 256 * 1024;

  private TopicSetup() {}

  /** The largest record a topic must accept when pages carry up to {@code contentLimitBytes}. */
  public static int maxMessageBytes(int contentLimitBytes) {
    return Math.max(1024 * 1024, contentLimitBytes + RECORD_OVERHEAD_BYTES);
  }

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
      return missing.stream().map(NewTopic::name).toList();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot create Trawl topics: " + e.getCause(), e.getCause());
    }
  }

  static Map<String, String> configs(Topic<String, ?> topic, int contentLimitBytes) {
    if (topic == Topics.PAGES) {
      return Map.of(
          TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
          String.valueOf(maxMessageBytes(contentLimitBytes)),
          TopicConfig.COMPRESSION_TYPE_CONFIG,
          "zstd");
    }
    if (topic == Topics.DOMAIN_STATS) {
      return Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
    }
    return Map.of(TopicConfig.COMPRESSION_TYPE_CONFIG, "lz4");
  }
}
