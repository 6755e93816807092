package dev.trawl.process;

import static dev.trawl.process.Pages.html;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.runtime.AdminSettings;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.Topic;
import dev.trawl.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a real broker, two stream threads, exactly-once: seeds from trawl.seeds and links found on
 * pages reach trawl.urls once per URL, repeated seeds included, and a seed arrives unchanged.
 */
class SeedsIntegrationTest {

  private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  private static final String CRAWL = "seeds-" + RUN;
  private static final String HOST = "seeds-" + RUN + ".test";

  @TempDir Path stateDir;

  private final KafkaSettings kafka = KafkaSettings.of(TestKafka.bootstrapServers());

  @Test
  void sendsEveryUrlOfACrawlToTrawlUrlsOnceWhetherSeedOrLink() throws Exception {
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicSetup.ensureTopics(admin, 3, (short) 1, 2 * 1024 * 1024);
    }
    FetchRequest home =
        FetchRequest.newBuilder(seed("/")).setMetadata(Map.of("source", "list")).build();
    FetchResult homePage = html(home, "<a href=/about>a</a><a href=/news>n</a><a href=/x>x</a>");
    ProcessSettings settings =
        ProcessSettings.defaults()
            .with(ProcessSettings.APPLICATION_ID, "trawl-process-seeds-" + RUN)
            .with(ProcessSettings.THREADS, 2)
            .with(ProcessSettings.STATE_DIR, stateDir);

    send(Topics.SEEDS, List.of(home, seed("/about"), seed("/about"), seed("/x")));
    send(Topics.PAGES, List.of(homePage));
    send(Topics.SEEDS, List.of(seed("/x"), home));

    try (TopicReader<FetchRequest> urls = new TopicReader<>(kafka, Topics.URLS);
        ProcessWorker worker =
            new ProcessWorker(settings, kafka, AdminSettings.of("127.0.0.1", -1))) {
      worker.start();
      await()
          .atMost(90, SECONDS)
          .untilAsserted(
              () ->
                  assertThat(perUrl(ofThisCrawl(urls.readToEnd())))
                      .isEqualTo(
                          Map.of(
                              url("/"), 1L, url("/about"), 1L, url("/news"), 1L, url("/x"), 1L)));
      assertThat(ofThisCrawl(urls.readToEnd())).contains(KeyValue.pair(HOST, home));
    }
  }

  private static FetchRequest seed(String path) {
    return FetchRequest.newBuilder(Pages.request(url(path), HOST))
        .setCrawlId(CRAWL)
        .setMaxDepth(1)
        .setScope(CrawlScope.HOST)
        .build();
  }

  private static String url(String path) {
    return "http://" + HOST + path;
  }

  private static List<KeyValue<String, FetchRequest>> ofThisCrawl(
      List<KeyValue<String, FetchRequest>> all) {
    return all.stream().filter(kv -> kv.value.getCrawlId().equals(CRAWL)).toList();
  }

  private static Map<String, Long> perUrl(List<KeyValue<String, FetchRequest>> requests) {
    return requests.stream()
        .map(kv -> kv.value.getUrl())
        .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }

  private <V> void send(Topic<String, V> topic, List<V> values) throws Exception {
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            kafka.producer(), topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      for (V value : values) {
        producer.send(new ProducerRecord<>(topic.name(), HOST, value)).get(30, SECONDS);
      }
    }
  }
}
