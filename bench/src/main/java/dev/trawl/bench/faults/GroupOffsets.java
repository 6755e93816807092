package dev.trawl.bench.faults;

import dev.trawl.schemas.Topics;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the workers' groups have committed everything: the fetch workers past the crawl's last
 * request in every partition of trawl.urls (so no request can be delivered again), the process
 * workers to the end of trawl.pages and trawl.fetch-dlq (so every outcome is in the statistics).
 */
final class GroupOffsets implements AutoCloseable {

  static final String FETCH_GROUP = "trawl-fetch";
  static final String PROCESS_GROUP = "trawl-process";

  private final Admin admin;

  GroupOffsets(String bootstrapServers) {
    admin =
        Admin.create(
            Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000));
  }

  /** True when both groups have committed all there is; false too when Kafka does not answer. */
  boolean caughtUp(Map<TopicPartition, Long> lastRequests) {
    try {
      Map<TopicPartition, Long> fetch = committed(FETCH_GROUP);
      for (Map.Entry<TopicPartition, Long> last : lastRequests.entrySet()) {
        if (fetch.getOrDefault(last.getKey(), -1L) <= last.getValue()) {
          return false;
        }
      }
      Map<TopicPartition, Long> process = committed(PROCESS_GROUP);
      for (Map.Entry<TopicPartition, Long> end : ends().entrySet()) {
        if (end.getValue() > 0 && process.getOrDefault(end.getKey(), -1L) < end.getValue()) {
          return false;
        }
      }
      return true;
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The committed offsets of {@code group}; empty when Kafka does not answer. */
  Map<TopicPartition, Long> committedOrEmpty(String group) {
    try {
      return committed(group);
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  private Map<TopicPartition, Long> committed(String group)
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetAndMetadata> offsets =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(15, TimeUnit.SECONDS);
    Map<TopicPartition, Long> committed = new HashMap<>();
    offsets.forEach((tp, om) -> committed.put(tp, om == null ? -1L : om.offset()));
    return committed;
  }

  /** End offsets of the outcome topics (written without transactions: no markers at the end). */
  private Map<TopicPartition, Long> ends()
      throws ExecutionException, InterruptedException, TimeoutException {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (String topic : List.of(Topics.PAGES.name(), Topics.FETCH_DLQ.name())) {
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get(15, TimeUnit.SECONDS)
          .get(topic)
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
    }
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> infos =
        admin.listOffsets(latest).all().get(15, TimeUnit.SECONDS);
    Map<TopicPartition, Long> ends = new HashMap<>();
    infos.forEach((tp, info) -> ends.put(tp, info.offset()));
    return ends;
  }

  @Override
  public void close() {
    admin.close();
  }
}
