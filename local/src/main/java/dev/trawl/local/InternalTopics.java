package dev.trawl.local;

import dev.trawl.process.ProcessWorker;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.TopicSetup;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Waits until a just-started process worker runs and every partition of its internal topics (the
 * repartition and changelog topics Kafka Streams created for it) answers from its leader, before
 * any page reaches it. Its transactional producers would otherwise write to topics created moments
 * before, and a produce request that reaches a broker before it has taken up leadership is refused
 * while the next one is appended: the broker then logs OutOfOrderSequenceException at ERROR
 * (KAFKA-15591, see {@link TopicSetup#awaitLeaders}).
 */
final class InternalTopics {

  /** How long the process worker may take to join its group and create its topics. */
  static final Duration START_TIMEOUT = Duration.ofSeconds(60);

  private static final long POLL_MS = 50;

  private InternalTopics() {}

  /**
   * Returns once {@code worker} is RUNNING and its internal topics are served.
   *
   * @throws IllegalStateException when the worker stops or does not run within {@link
   *     #START_TIMEOUT}
   */
  static void awaitReady(KafkaSettings kafka, ProcessWorker worker, String applicationId)
      throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (worker.state() != KafkaStreams.State.RUNNING) {
      KafkaStreams.State state = worker.state();
      if (!state.isRunningOrRebalancing() && state != KafkaStreams.State.CREATED) {
        throw new IllegalStateException("the process worker stopped while starting: " + state);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "the process worker did not start within "
                + START_TIMEOUT.toSeconds()
                + " s: "
                + state);
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MS);
    }
    try (Admin admin = Admin.create(kafka.admin())) {
      List<String> names =
          admin.listTopics().names().get().stream()
              .filter(name -> isInternal(name, applicationId))
              .toList();
      List<NewTopic> topics =
          admin.describeTopics(names).allTopicNames().get().values().stream()
              .map(InternalTopics::asNewTopic)
              .toList();
      TopicSetup.awaitLeaders(admin, topics);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot find the process worker's internal topics: " + e.getCause(), e.getCause());
    }
  }

  /** Kafka Streams names internal topics {@code <application.id>-<name>-repartition|changelog}. */
  static boolean isInternal(String topic, String applicationId) {
    return topic.startsWith(applicationId + "-")
        && (topic.endsWith("-repartition") || topic.endsWith("-changelog"));
  }

  private static NewTopic asNewTopic(TopicDescription topic) {
    return new NewTopic(topic.name(), topic.partitions().size(), (short) 1);
  }
}
