package dev.trawl.embedded.testing;

import dev.trawl.embedded.EmbeddedKafka;
import dev.trawl.embedded.internal.BrokerConfig;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * One real Kafka broker shared by every integration test of a JVM: a Testcontainers broker where
 * Docker runs, else an in-process {@link EmbeddedKafka}; started on first use, stopped at JVM exit.
 */
public final class TestKafka {
  /** Image of the container broker, used only where Docker is available. */
  public static final String IMAGE = "apache/kafka:4.1.0";

  /** Guarded by the class lock; written once, by the first caller of {@link #bootstrapServers}. */
  private static String bootstrapServers;

  private TestKafka() {}

  /** Returns the bootstrap servers of the shared broker, starting it on first call. */
  public static synchronized String bootstrapServers() {
    if (bootstrapServers == null) {
      bootstrapServers = dockerAvailable() ? startContainer() : startEmbedded();
    }
    return bootstrapServers;
  }

  /** A broker of its own for one test, which the test closes. */
  public interface Broker extends AutoCloseable {
    String bootstrapServers();

    @Override
    void close();
  }

  /** True where Docker runs, so a Testcontainers broker can be started. */
  public static boolean dockerAvailable() {
    return DockerClientFactory.instance().isDockerAvailable();
  }

  /** Starts a new in-process broker of the test's own (a fresh cluster: no other test's data). */
  public static Broker freshEmbedded() {
    EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
    return new Broker() {
      @Override
      public String bootstrapServers() {
        return kafka.bootstrapServers();
      }

      @Override
      public void close() {
        kafka.close();
      }
    };
  }

  /** Starts a new Testcontainers broker of the test's own; needs {@link #dockerAvailable()}. */
  public static Broker freshContainer() {
    KafkaContainer kafka = container();
    kafka.start();
    return new Broker() {
      @Override
      public String bootstrapServers() {
        return kafka.getBootstrapServers();
      }

      @Override
      public void close() {
        kafka.stop();
      }
    };
  }

  private static KafkaContainer container() {
    return new KafkaContainer(IMAGE)
        .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false")
        .withEnv("KAFKA_MESSAGE_MAX_BYTES", Integer.toString(BrokerConfig.MAX_MESSAGE_BYTES))
        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_REPLICATION_FACTOR", "1")
        .withEnv("KAFKA_SHARE_COORDINATOR_STATE_TOPIC_MIN_ISR", "1");
  }

  private static String startContainer() {
    KafkaContainer kafka = container();
    kafka.start();
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::stop, "test-kafka-stop"));
    return kafka.getBootstrapServers();
  }

  private static String startEmbedded() {
    EmbeddedKafka kafka = EmbeddedKafka.startTemporary();
    Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "test-kafka-stop"));
    return kafka.bootstrapServers();
  }
}
