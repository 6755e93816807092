package dev.trawl.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.runtime.KafkaSettings;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchRequest;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

class UrlProducerTest {

  private static final Clock CLOCK = Clock.fixed(MixedInput.NOW, ZoneOffset.UTC);

  private static KafkaSettings settings() {
    return KafkaSettings.of(TestTopics.bootstrapServers());
  }

  private static PublishSettings publish(String topic) {
    return PublishSettings.defaults()
        .with(PublishSettings.TOPIC, topic)
        .with(PublishSettings.SEND_TIMEOUT, Duration.ofSeconds(10));
  }

  @Test
  void publishesExactlyTheValidDistinctUrlsKeyedByHost() throws Exception {
    String topic = TestTopics.create(3);
    CrawlSpec crawl = new CrawlSpec("crawl-test", 2, CrawlScope.DOMAIN, Map.of("source", "test"));
    List<Rejection> heard = new ArrayList<>();
    List<Long> duplicateLines = new ArrayList<>();
    ProduceListener listener =
        new ProduceListener() {
          @Override
          public void rejected(Rejection rejection) {
            heard.add(rejection);
          }

          @Override
          public void duplicate(long lineNumber, String line, String url) {
            duplicateLines.add(lineNumber);
          }
        };

    ProduceSummary summary;
    try (UrlProducer producer = new UrlProducer(settings(), publish(topic), CLOCK)) {
      summary = producer.publish(new StringReader(MixedInput.TEXT), crawl, listener);
    }

    assertThat(summary)
        .usingRecursiveComparison()
        .ignoringFields("elapsed")
        .isEqualTo(
            new ProduceSummary(
                14,
                3,
                MixedInput.REJECTED_BY_REASON,
                2,
                3,
                0,
                Duration.ZERO,
                MixedInput.REJECTIONS,
                Optional.empty()));
    assertThat(summary.completed()).isTrue();
    assertThat(heard).isEqualTo(MixedInput.REJECTIONS);
    assertThat(duplicateLines).containsExactly(6L, 11L);
    assertThat(records(topic))
        .containsExactlyInAnyOrderElementsOf(MixedInput.expectedRecords(crawl));
  }

  @Test
  void publishesAListOfUrlsNumberingLinesFromOne() throws Exception {
    String topic = TestTopics.create(1);
    CrawlSpec crawl = CrawlSpec.of("crawl-list");

    ProduceSummary summary;
    try (UrlProducer producer = new UrlProducer(settings(), publish(topic), CLOCK)) {
      summary =
          producer.publish(
              List.of("\uFEFFhttp://127.0.0.1:8080/", "gopher://x", "http://127.0.0.1:8080"),
              crawl);
    }

    assertThat(summary.rejections())
        .containsExactly(
            new Rejection(
                2,
                "gopher://x",
                RejectReason.UNSUPPORTED_SCHEME,
                "unsupported scheme \"gopher\" (only http and https)"));
    assertThat(List.of(summary.accepted(), summary.duplicates(), summary.published()))
        .containsExactly(1L, 1L, 1L);
    assertThat(records(topic))
        .extracting(e -> e.getKey() + " " + e.getValue().getUrl() + " " + e.getValue().getScope())
        .containsExactly("127.0.0.1 http://127.0.0.1:8080/ HOST");
  }

  @Test
  void failsWithinTheSendTimeoutWhenKafkaIsUnreachable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    KafkaSettings nowhere = KafkaSettings.of("127.0.0.1:" + closedPort);

    ProduceSummary summary;
    try (UrlProducer producer =
        new UrlProducer(
            nowhere,
            publish("trawl.urls").with(PublishSettings.SEND_TIMEOUT, Duration.ofSeconds(1)),
            CLOCK)) {
      summary = producer.publish(List.of("http://example.com/"), CrawlSpec.of("c"));
    }

    assertThat(summary.failure())
        .contains("Kafka at 127.0.0.1:" + closedPort + " did not answer within 1000 ms");
    assertThat(List.of(summary.lines(), summary.accepted(), summary.published()))
        .containsExactly(0L, 0L, 0L);
    assertThat(summary.completed()).isFalse();
  }

  @Test
  void failsWhenTheTopicDoesNotExist() {
    String topic = "test.urls.missing";

    ProduceSummary summary;
    try (UrlProducer producer = new UrlProducer(settings(), publish(topic), CLOCK)) {
      summary = producer.publish(List.of("http://example.com/"), CrawlSpec.of("c"));
    }

    assertThat(summary.failure())
        .contains(
            "topic test.urls.missing does not exist in Kafka at " + TestTopics.bootstrapServers());
    assertThat(summary.lines()).isZero();
  }

  @Test
  void countsSendsKafkaRefusesAndStopsReading() throws Exception {
    String topic = TestTopics.create(1, Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "512"));
    CrawlSpec crawl = new CrawlSpec("c", 0, CrawlScope.HOST, Map.of("noise", noise(4096)));

    ProduceSummary summary;
    try (UrlProducer producer = new UrlProducer(settings(), publish(topic), CLOCK)) {
      summary = producer.publish(List.of("http://example.com/1"), crawl);
    }

    assertThat(summary.failure())
        .contains(
            "a send failed: The request included a message larger than the max message size"
                + " the server will accept.");
    assertThat(List.of(summary.accepted(), summary.published(), summary.failedSends()))
        .containsExactly(1L, 0L, 1L);
    assertThat(TestTopics.count(topic)).isZero();
  }

  @Test
  void stopsReadingWhenAskedTo() throws Exception {
    String topic = TestTopics.create(1);

    ProduceSummary summary;
    try (UrlProducer producer = new UrlProducer(settings(), publish(topic), CLOCK)) {
      producer.stop();
      summary = producer.publish(List.of("http://example.com/"), CrawlSpec.of("c"));
    }

    assertThat(summary.failure()).contains("stopped before line 1");
    assertThat(summary.lines()).isZero();
    assertThat(TestTopics.count(topic)).isZero();
  }

  private static List<Map.Entry<String, FetchRequest>> records(String topic) {
    return TestTopics.readAll(topic).stream()
        .map((ConsumerRecord<String, FetchRequest> r) -> Map.entry(r.key(), r.value()))
        .toList();
  }

  /** Text that lz4 cannot shrink much. */
  private static String noise(int length) {
    Random random = new Random(42);
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append((char) ('a' + random.nextInt(26)));
    }
    return text.toString();
  }
}
