package dev.trawl.process;

import static dev.trawl.process.Pages.html;
import static dev.trawl.process.Pages.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.process.internal.links.SeenUrlFilter;
import dev.trawl.process.internal.stats.DuplicateOutcomes;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seen-urls and counted-outcomes stores forget a crawl once it has been idle (no seed, link or
 * outcome) for the TTL, by a wall-clock punctuation that deletes at most one batch of keys at a
 * time; the test driver's wall clock moves only when the test advances it.
 */
class ProcessTopologyExpiryTest {

  private static final Duration TTL = Duration.ofHours(1);
  private static final long NOW = TopologyDriver.NOW.toEpochMilli();

  @TempDir Path stateDir;

  private TopologyDriver topology;

  @BeforeEach
  void open() {
    topology =
        new TopologyDriver(
            stateDir, settings -> settings.with(ProcessSettings.CRAWL_IDLE_TTL, TTL));
  }

  @AfterEach
  void close() {
    topology.close();
  }

  @Test
  void forgetsACrawlIdleForTheTtlAndKeepsAnActiveOne() {
    FetchRequest home = request(request("http://a.test/", "a.test"), 0, 1, CrawlScope.HOST);
    FetchResult page = html(home, "<a href=/x>x</a>");
    FetchRequest otherCrawl =
        FetchRequest.newBuilder(request("http://b.test/", "b.test")).setCrawlId("crawl-b").build();
    topology.pipe(page);
    advance(Duration.ofMinutes(30));
    topology.seed(otherCrawl);

    advance(Duration.ofMinutes(31));

    assertThat(keys(SeenUrlFilter.STORE)).containsExactly("crawl-b|http://b.test/");
    assertThat(keys(SeenUrlFilter.ACTIVITY_STORE)).containsExactly("crawl-b");
    assertThat(keys(DuplicateOutcomes.STORE)).isEmpty();
    assertThat(keys(DuplicateOutcomes.ACTIVITY_STORE)).isEmpty();
  }

  @Test
  void startsAForgottenCrawlAfresh() {
    FetchRequest home = request(request("http://a.test/", "a.test"), 0, 1, CrawlScope.HOST);
    FetchResult page = html(home, "<a href=/x>x</a>");
    topology.pipe(page);
    topology.pipe(page);

    advance(TTL);
    topology.pipe(page);

    assertThat(topology.urls.readValuesToList())
        .extracting(FetchRequest::getUrl)
        .containsExactly("http://a.test/x", "http://a.test/x");
    DomainStats stats = topology.stats.readKeyValuesToMap().get("a.test");
    assertThat(List.of(stats.getPages(), stats.getDuplicates())).containsExactly(2L, 1L);
  }

  @Test
  void deletesAtMostOneBatchOfKeysPerPunctuation() {
    KeyValueStore<String, Long> seen = topology.store(SeenUrlFilter.STORE);
    KeyValueStore<String, Long> activity = topology.store(SeenUrlFilter.ACTIVITY_STORE);
    for (int i = 0; i < 25_000; i++) {
      seen.put("old|http://a.test/" + i, NOW);
    }
    activity.put("old", NOW - TTL.toMillis());

    List<Integer> left = new ArrayList<>();
    for (int punctuation = 0; punctuation < 3; punctuation++) {
      advance(Duration.ofSeconds(10));
      left.add(keys(SeenUrlFilter.STORE).size());
    }

    assertThat(left).containsExactly(15_000, 5_000, 0);
    assertThat(keys(SeenUrlFilter.ACTIVITY_STORE)).isEmpty();
  }

  /** Keys written before crawls had activity (an earlier release) expire TTL after adoption. */
  @Test
  void adoptsKeysOfCrawlsWithoutActivityAndForgetsThemAfterTheTtl() {
    KeyValueStore<String, Long> seen = topology.store(SeenUrlFilter.STORE);
    List<String> legacy =
        List.of(
            "c1|http://a.test/1",
            "c1|https://a.test/2",
            "c2|http://a.test/1",
            "c2|x|http://a.test/3");
    legacy.forEach(key -> seen.put(key, 0L));

    advance(Duration.ofSeconds(10));
    List<String> adopted = keys(SeenUrlFilter.ACTIVITY_STORE);
    advance(TTL);

    assertThat(adopted).containsExactly("c1", "c2", "c2|x");
    assertThat(keys(SeenUrlFilter.STORE)).isEmpty();
    assertThat(keys(SeenUrlFilter.ACTIVITY_STORE)).isEmpty();
  }

  private void advance(Duration duration) {
    topology.driver.advanceWallClockTime(duration);
  }

  private List<String> keys(String store) {
    List<String> keys = new ArrayList<>();
    try (KeyValueIterator<String, Object> all = topology.<Object>store(store).all()) {
      all.forEachRemaining(kv -> keys.add(kv.key));
    }
    return keys;
  }
}
