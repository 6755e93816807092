package dev.trawl.process;

import static dev.trawl.process.Pages.html;
import static dev.trawl.process.Pages.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.process.internal.links.SeenUrlFilter;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeds from trawl.seeds and links found on pages pass the same seen-urls store: the first sighting
 * of a URL in its crawl goes to trawl.urls, whichever kind it is, and every later one is dropped.
 */
class ProcessTopologySeedsTest {

  @TempDir Path stateDir;

  private TopologyDriver topology;

  @BeforeEach
  void open() {
    topology = new TopologyDriver(stateDir);
  }

  @AfterEach
  void close() {
    topology.close();
  }

  @Test
  void passesEachSeedOnUnchangedOncePerCrawl() {
    FetchRequest seed =
        FetchRequest.newBuilder(request(request("http://a.test/", "a.test"), 0, 2, CrawlScope.ANY))
            .setMetadata(Map.of("customer", "c-7"))
            .setNotBefore(5_000L)
            .setReferrer("https://sitemap.test/sitemap.xml")
            .build();
    FetchRequest otherCrawl = FetchRequest.newBuilder(seed).setCrawlId("crawl-2").build();
    FetchRequest otherHost = request("http://b.test/x", "b.test");

    topology.seed(seed, seed, otherCrawl, otherHost, otherHost);

    assertThat(topology.urls.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair("a.test", seed),
            KeyValue.pair("a.test", otherCrawl),
            KeyValue.pair("b.test", otherHost));
    assertThat(seeds("first")).isEqualTo(3);
    assertThat(seeds("repeat")).isEqualTo(2);
  }

  @Test
  void dropsASeedItsCrawlHasFollowedAsALinkAlready() {
    FetchRequest home = request(request("http://a.test/", "a.test"), 0, 1, CrawlScope.HOST);
    FetchRequest listed = request("http://a.test/listed", "a.test");

    topology.pipe(html(home, "<a href=/listed>listed</a>"));
    topology.seed(listed);

    assertThat(topology.urls.readKeyValuesToList())
        .containsExactly(KeyValue.pair("a.test", link(home, "http://a.test/listed")));
    assertThat(seeds("first")).isZero();
    assertThat(seeds("repeat")).isEqualTo(1);
  }

  @Test
  void followsNoLinkToASeedSeenFirst() {
    FetchRequest home = request(request("http://a.test/", "a.test"), 0, 1, CrawlScope.HOST);
    FetchRequest listed = request("http://a.test/listed", "a.test");

    topology.seed(listed);
    topology.pipe(html(home, "<a href=/listed>listed</a><a href=/new>new</a>"));

    assertThat(topology.urls.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair("a.test", listed),
            KeyValue.pair("a.test", link(home, "http://a.test/new")));
    assertThat(seeds("first")).isEqualTo(1);
    assertThat(seeds("repeat")).isZero();
  }

  @Test
  void dropsASeedThatIsTheTargetOfARedirectFetchedAlready() {
    FetchRequest old = request("http://a.test/old", "a.test");
    FetchResult moved = html(old, "moved here");
    moved.setFinalUrl("http://a.test/new");
    FetchRequest target = request("http://a.test/new", "a.test");

    topology.pipe(moved);
    topology.seed(target, old);

    assertThat(topology.urls.readKeyValuesToList()).isEmpty();
    assertThat(seeds("repeat")).isEqualTo(2);
  }

  private double seeds(String sighting) {
    return topology.count(SeenUrlFilter.SEEDS, "sighting", sighting);
  }

  /** The request the topology sends for a link found on {@code parent}'s page. */
  private static FetchRequest link(FetchRequest parent, String url) {
    return FetchRequest.newBuilder()
        .setUrl(url)
        .setHost(parent.getHost())
        .setCrawlId(parent.getCrawlId())
        .setDepth(parent.getDepth() + 1)
        .setMaxDepth(parent.getMaxDepth())
        .setScope(parent.getScope())
        .setAttempt(0)
        .setEnqueuedAt(TopologyDriver.NOW.toEpochMilli())
        .setNotBefore(null)
        .setReferrer(parent.getUrl())
        .setMetadata(Map.of())
        .build();
  }
}
