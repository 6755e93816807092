package dev.trawl.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.producer.internal.ClientConfigs;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Prints how fast 100,000 URLs are published, next to a plain KafkaProducer sending the same,
 * already built, records with the same settings (a reference measured in the same run). No timing
 * is asserted.
 */
class UrlProducerThroughputTest {

  private static final int URLS = 100_000;

  private static final int ROUNDS = 3;

  @Test
  void publishesAHundredThousandUrlsAndPrintsTheRate() throws Exception {
    KafkaSettings settings = KafkaSettings.of(TestTopics.bootstrapServers());
    List<String> urls = urls(URLS);
    CrawlSpec crawl = CrawlSpec.of("crawl-throughput");

    List<Double> producerRates = new ArrayList<>();
    List<Double> referenceRates = new ArrayList<>();
    List<Double> validationRates = new ArrayList<>();
    for (int round = 0; round <= ROUNDS; round++) {
      String topic = TestTopics.create(6);
      ProduceSummary summary;
      try (UrlProducer producer =
          new UrlProducer(settings, UrlProducer.Options.defaults().withTopic(topic))) {
        summary = producer.publish(urls, crawl);
      }
      assertThat(List.of(summary.lines(), summary.accepted(), summary.published()))
          .as("%s", summary)
          .containsExactly((long) URLS, (long) URLS, (long) URLS);
      assertThat(summary.completed()).isTrue();
      assertThat(TestTopics.count(topic)).isEqualTo(URLS);
      double reference = sendPlain(settings, TestTopics.create(6), urls);
      double validation = validate(urls);
      if (round > 0) { // round 0 warms up the JIT
        producerRates.add(summary.urlsPerSecond());
        referenceRates.add(reference);
        validationRates.add(validation);
      }
    }

    System.out.printf(
        Locale.ROOT,
        "100,000 URLs, median of %d rounds: UrlProducer %.0f URLs/s; plain KafkaProducer with the"
            + " same settings and records built beforehand %.0f records/s (ratio %.2f);"
            + " validation alone %.0f URLs/s. Rounds: UrlProducer %s, plain %s%n",
        ROUNDS,
        median(producerRates),
        median(referenceRates),
        median(producerRates) / median(referenceRates),
        median(validationRates),
        rounded(producerRates),
        rounded(referenceRates));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  private static List<Long> rounded(List<Double> values) {
    return values.stream().map(Math::round).toList();
  }

  /** Checks every URL (already warm); returns URLs per second. */
  private static double validate(List<String> urls) {
    UrlValidator validator = new UrlValidator();
    long start = System.nanoTime();
    long accepted =
        urls.stream().filter(url -> validator.check(url) instanceof UrlCheck.Accepted).count();
    double rate = accepted * 1e9 / (System.nanoTime() - start);
    assertThat(accepted).isEqualTo(urls.size());
    return rate;
  }

  /** Sends one already-built request per URL; returns records per second. */
  private static double sendPlain(KafkaSettings settings, String topic, List<String> urls) {
    List<ProducerRecord<String, FetchRequest>> records = new ArrayList<>(urls.size());
    for (String url : urls) {
      String host = url.substring("http://".length(), url.indexOf('/', "http://".length()));
      FetchRequest request =
          FetchRequest.newBuilder()
              .setUrl(url)
              .setHost(host)
              .setCrawlId("crawl-throughput")
              .setEnqueuedAt(System.currentTimeMillis())
              .build();
      records.add(new ProducerRecord<>(topic, host, request));
    }
    LongAdder acknowledged = new LongAdder();
    long start = System.nanoTime();
    try (KafkaProducer<String, FetchRequest> producer =
        new KafkaProducer<>(
            ClientConfigs.producer(settings, Duration.ofSeconds(30)),
            Topics.URLS.keySerde().serializer(),
            Topics.URLS.valueSerde().serializer())) {
      for (ProducerRecord<String, FetchRequest> record : records) {
        producer.send(
            record,
            (metadata, e) -> {
              if (e == null) {
                acknowledged.increment();
              }
            });
      }
      producer.flush();
      double rate = acknowledged.sum() * 1e9 / (System.nanoTime() - start);
      assertThat(acknowledged.sum()).isEqualTo(urls.size());
      return rate;
    }
  }

  private static List<String> urls(int count) {
    List<String> urls = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      urls.add("http://host-" + (i % 50) + ".example/section/" + (i % 7) + "/page-" + i + ".html");
    }
    return urls;
  }
}
