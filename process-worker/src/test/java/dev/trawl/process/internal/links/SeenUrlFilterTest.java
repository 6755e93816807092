package dev.trawl.process.internal.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.process.Pages;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.HostSightings;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeenUrlFilterTest {

  @Test
  void keysSeenUrlsByCrawlAndUrlAndBuildsLinkRequests() {
    HostSightings sightings =
        new HostSightings(
            "crawl-1",
            List.of(),
            List.of("http://a.test/x"),
            2,
            3,
            CrawlScope.HOST,
            "http://a.test/",
            List.of(),
            null);

    assertThat(SeenUrlFilter.seenKey(sightings, "http://a.test/x"))
        .isEqualTo("crawl-1|http://a.test/x");
    assertThat(SeenUrlFilter.request(sightings, "a.test", "http://a.test/x", 77))
        .isEqualTo(
            FetchRequest.newBuilder(Pages.request("http://a.test/x", "a.test"))
                .setDepth(2)
                .setMaxDepth(3)
                .setEnqueuedAt(77)
                .setReferrer("http://a.test/")
                .build());
  }
}
