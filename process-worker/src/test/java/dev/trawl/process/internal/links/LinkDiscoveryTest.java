package dev.trawl.process.internal.links;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.process.PageParser;
import dev.trawl.process.Pages;
import dev.trawl.process.internal.parse.ParsedPage;
import dev.trawl.process.internal.stats.DomainStatsAggregator;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.HostSightings;
import dev.trawl.schemas.OutcomeTally;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

class LinkDiscoveryTest {

  private static final FetchRequest OLD =
      Pages.request(Pages.request("http://a.test/old?b=1&a=2", "a.test"), 0, 1, CrawlScope.ANY);

  private final PageParser parser = new PageParser();

  @Test
  void sendsOneRecordPerHostWithTheSettledUrlsBeforeTheLinks() {
    FetchResult redirected =
        Pages.html(
            OLD,
            "<a href=/new>self</a><a href=http://b.test/>b</a><a href=/other>o</a>"
                + "<a href=http://b.test/2>b2</a>");
    redirected.setFinalUrl("https://A.test:443/new");

    List<KeyValue<String, HostSightings>> sightings =
        LinkDiscovery.sightings(parsed(OLD, redirected));

    assertThat(sightings)
        .containsExactly(
            KeyValue.pair(
                "a.test",
                sightings(
                    List.of("http://a.test/old?a=2&b=1", "https://a.test/new"),
                    List.of("https://a.test/new", "https://a.test/other"),
                    "https://A.test:443/new",
                    DomainStatsAggregator.tally(redirected))),
            KeyValue.pair(
                "b.test",
                sightings(
                    List.of(),
                    List.of("http://b.test/", "http://b.test/2"),
                    "https://A.test:443/new",
                    null)));
  }

  @Test
  void settlesOnlyTheRequestedUrlOfOtherOutcomesAndFailures() {
    FetchResult denied =
        Pages.notFetched(OLD, FetchOutcome.DENIED_BY_ROBOTS, 0, ErrorType.ROBOTS_DENIED, 0);
    denied.setFinalUrl("http://a.test/elsewhere");

    FetchFailure failure = Pages.failure(OLD, ErrorType.DNS, 1);

    assertThat(LinkDiscovery.sightings(parsed(OLD, denied)))
        .containsExactly(
            KeyValue.pair(
                "a.test",
                sightings(
                    List.of("http://a.test/old?a=2&b=1"),
                    List.of(),
                    "http://a.test/elsewhere",
                    DomainStatsAggregator.tally(denied))));
    assertThat(LinkDiscovery.settled(failure))
        .containsExactly(
            KeyValue.pair(
                "a.test",
                sightings(
                    List.of("http://a.test/old?a=2&b=1"),
                    List.of(),
                    null,
                    DomainStatsAggregator.tally(failure))));
  }

  @Test
  void followsNoLinksAtTheMaximumDepthOrOutOfScope() {
    FetchRequest deepest = Pages.request(OLD, 1, 1, CrawlScope.ANY);
    FetchRequest hostOnly = Pages.request(OLD, 0, 1, CrawlScope.HOST);
    String html = "<a href=/x>x</a><a href=http://b.test/>b</a>";

    assertThat(LinkDiscovery.sightings(parsed(deepest, Pages.html(deepest, html))))
        .extracting(kv -> kv.key + " " + kv.value.getLinks())
        .containsExactly("a.test []");
    assertThat(LinkDiscovery.sightings(parsed(hostOnly, Pages.html(hostOnly, html))))
        .extracting(kv -> kv.key + " " + kv.value.getLinks())
        .containsExactly("a.test [http://a.test/x]");
  }

  @Test
  void carriesASeedWholeToItsHost() {
    FetchRequest seed =
        FetchRequest.newBuilder(OLD)
            .setMetadata(java.util.Map.of("k", "v"))
            .setReferrer("https://sitemap.test/")
            .build();

    assertThat(LinkDiscovery.seed(seed))
        .isEqualTo(
            KeyValue.pair(
                "a.test",
                new HostSightings(
                    Pages.CRAWL,
                    List.of(),
                    List.of(),
                    0,
                    1,
                    CrawlScope.ANY,
                    "https://sitemap.test/",
                    List.of(seed),
                    null)));
  }

  /**
   * No link can be that long ({@link dev.trawl.process.DocumentLimits#MAX_URL_BYTES}); its outcome
   * still counts in its host's statistics.
   */
  @Test
  void remembersNoSettledUrlLongerThanTheUrlCap() {
    FetchRequest longUrl =
        Pages.request(
            Pages.request("http://a.test/" + "x".repeat(2_040), "a.test"), 0, 1, CrawlScope.ANY);
    FetchFailure failure = Pages.failure(longUrl, ErrorType.DNS, 1);

    assertThat(LinkDiscovery.settled(failure))
        .containsExactly(
            KeyValue.pair(
                "a.test",
                sightings(List.of(), List.of(), null, DomainStatsAggregator.tally(failure))));
    assertThat(
            LinkDiscovery.settled(
                Pages.failure(
                    Pages.request(
                        Pages.request("http://a.test/" + "x".repeat(2_030), "a.test"),
                        0,
                        1,
                        CrawlScope.ANY),
                    ErrorType.DNS,
                    1)))
        .extracting(kv -> kv.value.getSettled().get(0).length())
        .containsExactly(2_044);
  }

  /**
   * The outcome counts in the statistics of the host its request names, also when none of its URLs
   * is of that host (the producer keys by the normalised URL's host; an older producer may not).
   */
  @Test
  void carriesTheOutcomeToTheHostItsRequestNames() {
    FetchRequest request =
        Pages.request(Pages.request("http://a.test/page", "Other.TEST"), 0, 1, CrawlScope.ANY);
    FetchResult page = Pages.html(request, "<a href=/next>next</a>");

    assertThat(LinkDiscovery.sightings(parsed(request, page)))
        .extracting(kv -> kv.key + " " + (kv.value.getOutcome() != null))
        .containsExactly("a.test false", "Other.TEST true");
    assertThat(LinkDiscovery.sightings(parsed(request, page)).get(1).value.getOutcome())
        .isEqualTo(DomainStatsAggregator.tally(page));
  }

  private ParsedPage parsed(FetchRequest request, FetchResult result) {
    return new ParsedPage(request, parser.parse(result), DomainStatsAggregator.tally(result));
  }

  private static HostSightings sightings(
      List<String> settled, List<String> links, String referrer, OutcomeTally outcome) {
    return new HostSightings(
        Pages.CRAWL, settled, links, 1, 1, CrawlScope.ANY, referrer, List.of(), outcome);
  }
}
