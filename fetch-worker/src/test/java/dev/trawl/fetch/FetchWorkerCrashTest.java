package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.DemoSite;
import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fetch worker in its own JVM is killed with SIGKILL mid-run and restarted: every URL still ends
 * with at least one outcome, and the duplicates are only records whose outcome was published but
 * not yet covered by a commit when the worker died.
 */
class FetchWorkerCrashTest {

  private static final Logger log = LoggerFactory.getLogger(FetchWorkerCrashTest.class);
  private static final int URLS = 1_200;
  private static final int PARTITIONS = 4;

  private static Process worker(String bootstrapServers, Path logFile) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            FetchWorkerCommand.class.getName(),
            "--bootstrap-servers=" + bootstrapServers,
            "--admin-port=-1",
            "--allow-private-network",
            "--max-in-flight=64",
            "--host-max-in-flight=16",
            "--commit-interval-ms=500",
            "--retry-base-delay-ms=50",
            "--retry-max-delay-ms=200",
            "--shutdown-grace-ms=10000",
            // The restarted worker gets the partitions once the killed one's session expires.
            "--kafka-property=session.timeout.ms=6000",
            "--kafka-property=heartbeat.interval.ms=1000");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
        .start();
  }

  /** Outcome records per URL, pages and DLQ together. */
  private static Map<String, Integer> outcomesPerUrl(KafkaFixture kafka) {
    Map<String, Integer> counts = new HashMap<>();
    for (FetchResult r : kafka.results()) {
      counts.merge(r.getRequest().getUrl(), 1, Integer::sum);
    }
    for (FetchFailure f : kafka.failures()) {
      counts.merge(f.getRequest().getUrl(), 1, Integer::sum);
    }
    return counts;
  }

  private static int total(Map<String, Integer> counts) {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  @Test
  void losesNothingWhenKilledAndBoundsTheDuplicates() throws Exception {
    Path logFile = new File("target/crash-test-worker.log").toPath();
    try (TestKafka.Broker broker = TestKafka.freshEmbedded();
        DemoSite site =
            DemoSite.start(
                DemoSite.Options.defaults()
                    .withHosts(4)
                    .withLatency(Duration.ofMillis(200))
                    .withPageBytes(8_192))) {
      KafkaFixture kafka =
          KafkaFixture.asNamed(broker.bootstrapServers(), FetchSettings.defaults(), PARTITIONS);
      List<String> urls = site.pageUrls(URLS);
      List<FetchRequest> requests = new ArrayList<>();
      for (String url : urls) {
        requests.add(KafkaFixture.request(url, URI.create(url).getHost()));
      }
      kafka.publish(requests, false);

      Process first = worker(broker.bootstrapServers(), logFile);
      try {
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> total(outcomesPerUrl(kafka)) >= URLS / 4);
      } finally {
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }
      int publishedAtKill = total(outcomesPerUrl(kafka));
      long committedAtKill =
          kafka.urlsCommittedOffsets().values().stream().mapToLong(Long::longValue).sum();
      assertThat(publishedAtKill).isLessThan(URLS);

      Process second = worker(broker.bootstrapServers(), logFile);
      Map<String, Integer> counts;
      try {
        await()
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> outcomesPerUrl(kafka).keySet().containsAll(urls));
        counts = outcomesPerUrl(kafka);
        second.destroy(); // SIGTERM: a clean stop ends with status 0.
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();
      } finally {
        second.destroyForcibly();
      }

      int duplicates = total(counts) - URLS;
      long uncommittedAtKill = publishedAtKill - committedAtKill;
      log.info(
          "killed after {} outcomes with {} offsets committed: {} duplicates (bound {})",
          publishedAtKill,
          committedAtKill,
          duplicates,
          uncommittedAtKill);
      assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(urls);
      // Only a record consumed again can be published twice, and only records at or above the
      // committed offsets are consumed again: those published among them are the bound.
      assertThat(duplicates).isBetween(0, (int) uncommittedAtKill);
    }
  }
}
