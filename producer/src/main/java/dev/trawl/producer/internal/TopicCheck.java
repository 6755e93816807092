package dev.trawl.producer.internal;

import dev.trawl.runtime.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidMetadataException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Asks Kafka, before anything is sent, whether the topic exists and every partition leader serves
 * it, so that an unreachable broker or a missing topic is reported in one clear sentence within the
 * send timeout.
 *
 * <p>Waiting for the leaders matters for topics created just before publishing: a produce request
 * that reaches a broker before it has taken up leadership fails with NOT_LEADER_OR_FOLLOWER, while
 * the pipelined next request may succeed; the idempotent producer then retries the first one with
 * OUT_OF_ORDER_SEQUENCE_NUMBER until the delivery timeout fails it (KAFKA-15591). A ListOffsets
 * answer from every leader shows they are ready. For the same reason a topic that is unknown or
 * leaderless is asked about again for up to {@link #NEW_TOPIC_GRACE}.
 */
public final class TopicCheck {

  /** How long a just-created topic may take to appear in a broker's metadata with leaders. */
  static final Duration NEW_TOPIC_GRACE = Duration.ofSeconds(5);

  private static final long RETRY_BACKOFF_MS = 100;

  private TopicCheck() {}

  /** Why {@code topic} cannot be written to, or empty when every partition is ready. */
  public static Optional<String> problem(KafkaSettings settings, String topic, Duration timeout)
      throws InterruptedException {
    String where = "Kafka at " + settings.bootstrapServers();
    Admin admin;
    try {
      admin = Admin.create(ClientConfigs.admin(settings, timeout));
    } catch (KafkaException e) {
      return Optional.of("cannot connect to " + where + ": " + e.getMessage());
    }
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long graceEnd = start + Math.min(timeout.toNanos(), NEW_TOPIC_GRACE.toNanos());
    try {
      while (true) {
        try {
          waitUntilServed(admin, topic, deadline);
          return Optional.empty();
        } catch (TimeoutException e) {
          return Optional.of(noAnswer(where, timeout));
        } catch (ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof InvalidMetadataException && System.nanoTime() < graceEnd) {
            Thread.sleep(RETRY_BACKOFF_MS);
          } else if (cause instanceof UnknownTopicOrPartitionException) {
            return Optional.of("topic " + topic + " does not exist in " + where);
          } else if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
            return Optional.of(noAnswer(where, timeout));
          } else {
            return Optional.of("cannot use topic " + topic + " in " + where + ": " + cause);
          }
        }
      }
    } finally {
      admin.close(Duration.ZERO);
    }
  }

  /** Describes the topic, then asks every partition's leader for its end offset. */
  private static void waitUntilServed(Admin admin, String topic, long deadline)
      throws InterruptedException, ExecutionException, TimeoutException {
    TopicDescription description =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(remaining(deadline), TimeUnit.NANOSECONDS)
            .get(topic);
    Map<TopicPartition, OffsetSpec> partitions =
        description.partitions().stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
    admin.listOffsets(partitions).all().get(remaining(deadline), TimeUnit.NANOSECONDS);
  }

  private static long remaining(long deadline) {
    return Math.max(1, deadline - System.nanoTime());
  }

  private static String noAnswer(String where, Duration timeout) {
    return where + " did not answer within " + timeout.toMillis() + " ms";
  }
}
