package dev.trawl.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.process.PageParser;
import dev.trawl.process.Pages;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class LinkDiscoveryTest {

  private static final FetchRequest OLD =
      Pages.request(Pages.request("http://a.test/old?b=1&a=2", "a.test"), 0, 1, CrawlScope.ANY);

  private final PageParser parser = new PageParser();

  @Test
  void settlesTheRequestedAndFinalUrlsBeforeAnyLink() {
    FetchResult redirected = Pages.html(OLD, "<a href=/new>self</a><a href=http://b.test/>b</a>");
    redirected.setFinalUrl("https://A.test:443/new");

    List<KeyValue<String, UrlSighting>> sightings =
        LinkDiscovery.sightings(new ParsedPage(OLD, parser.parse(redirected)));

    assertThat(sightings.stream().map(kv -> kv.key + " " + describe(kv.value)).toList())
        .containsExactly(
            "a.test OUTCOME http://a.test/old?a=2&b=1 depth 0",
            "a.test OUTCOME https://a.test/new depth 0",
            "a.test LINK https://a.test/new depth 1",
            "b.test LINK http://b.test/ depth 1");
  }

  @Test
  void settlesOnlyTheRequestedUrlOfOtherOutcomesAndFailures() {
    FetchResult denied =
        Pages.notFetched(OLD, FetchOutcome.DENIED_BY_ROBOTS, 0, ErrorType.ROBOTS_DENIED, 0);
    denied.setFinalUrl("http://a.test/elsewhere");

    assertThat(
            LinkDiscovery.sightings(new ParsedPage(OLD, parser.parse(denied))).stream()
                .map(kv -> describe(kv.value))
                .toList())
        .containsExactly("OUTCOME http://a.test/old?a=2&b=1 depth 0");
    assertThat(
            LinkDiscovery.settled(Pages.failure(OLD, ErrorType.DNS, 1)).stream()
                .map(kv -> describe(kv.value))
                .toList())
        .containsExactly("OUTCOME http://a.test/old?a=2&b=1 depth 0");
  }

  private static String describe(UrlSighting sighting) {
    return sighting.kind()
        + " "
        + sighting.request().getUrl()
        + " depth "
        + sighting.request().getDepth();
  }
}
