package dev.trawl.process;

import static dev.trawl.process.Pages.request;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.Topics;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process worker in its own JVM, killed with SIGKILL while input remains and restarted, counts
 * every page exactly once: its open transaction is aborted, and its stores restart from the last
 * committed changelog state.
 */
class ProcessWorkerCrashTest {

  private static final Logger log = LoggerFactory.getLogger(ProcessWorkerCrashTest.class);
  private static final List<String> HOSTS = List.of("a.crash.test", "b.crash.test", "c.crash.test");
  private static final int PAGES_PER_HOST = 2_000;

  @TempDir Path stateDir;

  /** The workers' logs, kept after the run (under target/) to read when the test fails. */
  private final Path logs = Path.of("target", "crash-test-logs");

  @Test
  void countsEveryPageExactlyOnceAcrossAKillAndARestart() throws Exception {
    try (TestKafka.Broker broker = TestKafka.freshEmbedded()) {
      KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
      try (Admin admin = Admin.create(kafka.admin())) {
        TopicSetup.ensureTopics(admin, 3, (short) 1, 2 * 1024 * 1024);
      }
      produce(kafka);
      log.info("produced {} pages", total());

      try (TopicReader<DomainStats> stats = new TopicReader<>(kafka, Topics.DOMAIN_STATS);
          TopicReader<Document> documents = new TopicReader<>(kafka, Topics.DOCUMENTS)) {
        Process first = startWorker(broker.bootstrapServers(), "first.log");
        try {
          await().atMost(120, SECONDS).until(() -> !stats.readToEnd().isEmpty());
        } finally {
          first.destroyForcibly();
          assertThat(first.waitFor(30, SECONDS)).isTrue();
        }
        long countedAtKill = totalPages(stats);
        log.info("killed the worker with {} of {} pages counted", countedAtKill, total());

        Process second = startWorker(broker.bootstrapServers(), "second.log");
        log.info("restarted the worker");
        try {
          Map<String, Long> exact =
              HOSTS.stream()
                  .collect(Collectors.toMap(Function.identity(), h -> (long) PAGES_PER_HOST));
          // On a timeout the message shows the last counts: too few (recovery not done) or too
          // many.
          await()
              .atMost(180, SECONDS)
              .untilAsserted(() -> assertThat(pagesByHost(stats)).isEqualTo(exact));
          log.info("the restarted worker counted every page");
        } finally {
          second.destroy();
          assertThat(second.waitFor(60, SECONDS)).isTrue();
        }
        assertThat(pagesByHost(stats))
            .isEqualTo(
                HOSTS.stream()
                    .collect(Collectors.toMap(Function.identity(), h -> (long) PAGES_PER_HOST)));
        Map<String, Long> documentsPerUrl =
            documents.readToEnd().stream()
                .collect(Collectors.groupingBy(kv -> kv.value.getUrl(), Collectors.counting()));
        assertThat(documentsPerUrl).hasSize(total());
        assertThat(documentsPerUrl.values()).containsOnly(1L);
        assertThat(countedAtKill).isLessThanOrEqualTo(total());
      }
    }
  }

  private Process startWorker(String bootstrapServers, String logName) throws Exception {
    Files.createDirectories(logs);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            ProcessWorkerCommand.class.getName(),
            "--bootstrap-servers=" + bootstrapServers,
            "--application-id=trawl-process-crash",
            "--state-dir=" + stateDir,
            "--threads=2",
            "--admin-port=-1",
            // The killed member never leaves the group; a short session hands its partitions to
            // the restarted one after 6 s instead of the default 45 s.
            "--kafka-property=session.timeout.ms=6000")
        .redirectErrorStream(true)
        .redirectOutput(new File(logs.toFile(), logName))
        .start();
  }

  private static void produce(KafkaSettings kafka) throws Exception {
    String words = "word ".repeat(400);
    try (KafkaProducer<String, FetchResult> producer =
        new KafkaProducer<>(
            kafka.producer(),
            Topics.PAGES.keySerde().serializer(),
            Topics.PAGES.valueSerde().serializer())) {
      for (int p = 0; p < PAGES_PER_HOST; p++) {
        for (String host : HOSTS) {
          String url = "http://" + host + "/" + p;
          FetchResult page =
              Pages.html(request(url, host), "<title>" + p + "</title><p>" + words + "</p>");
          producer.send(new ProducerRecord<>(Topics.PAGES.name(), host, page));
        }
      }
      producer.flush();
    }
  }

  private static Map<String, Long> pagesByHost(TopicReader<DomainStats> stats) {
    Map<String, Long> latest = new HashMap<>();
    for (KeyValue<String, DomainStats> kv : stats.readToEnd()) {
      latest.put(kv.key, kv.value.getPages());
    }
    return latest;
  }

  private static long totalPages(TopicReader<DomainStats> stats) {
    return pagesByHost(stats).values().stream().mapToLong(Long::longValue).sum();
  }

  private static int total() {
    return HOSTS.size() * PAGES_PER_HOST;
  }
}
