package dev.trawl.process.internal.stats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.process.Pages;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DomainStatsAggregatorTest {

  private static final String HOST = "example.com";
  private static final FetchRequest REQUEST = Pages.request("http://example.com/", HOST);

  @Test
  void startsEmpty() {
    assertThat(DomainStatsAggregator.empty()).isEqualTo(Pages.emptyStats(""));
  }

  @Test
  void countsFetchedPagesByStatusClassAndBytes() {
    FetchResult ok = Pages.fetched(REQUEST, 200, "text/html", new byte[100], 40);
    FetchResult missing = Pages.fetched(REQUEST, 404, "text/html", new byte[10], 8);
    missing.setFetchedAt(1_500);
    FetchResult broken = Pages.fetched(REQUEST, 503, "text/html", new byte[1], 2_500);
    broken.setFetchedAt(2_500);

    DomainStats stats = fold(ok, missing, broken);

    assertThat(stats)
        .isEqualTo(
            stats(
                3,
                111,
                Map.of("2xx", 1L, "4xx", 1L, "5xx", 1L),
                Map.of("FETCHED", 3L),
                Map.of(),
                2_548,
                2_500,
                Pages.latencyBuckets(Map.of(0, 1L, 2, 1L, 13, 1L)),
                1_500,
                2_500));
  }

  @Test
  void countsOtherOutcomesByErrorTypeAndLatencyOnlyWhenAResponseWasRead() {
    FetchResult redirected =
        Pages.notFetched(REQUEST, FetchOutcome.REDIRECTED, 301, ErrorType.TOO_MANY_REDIRECTS, 70);
    FetchResult denied =
        Pages.notFetched(REQUEST, FetchOutcome.DENIED_BY_ROBOTS, 0, ErrorType.ROBOTS_DENIED, 0);
    FetchResult blocked = Pages.notFetched(REQUEST, FetchOutcome.BLOCKED, 0, ErrorType.BLOCKED, 0);

    DomainStats stats = fold(redirected, denied, blocked);

    assertThat(stats)
        .isEqualTo(
            stats(
                0,
                0,
                Map.of(),
                Map.of("REDIRECTED", 1L, "DENIED_BY_ROBOTS", 1L, "BLOCKED", 1L),
                Map.of("TOO_MANY_REDIRECTS", 1L, "ROBOTS_DENIED", 1L, "BLOCKED", 1L),
                70,
                70,
                Pages.latencyBuckets(Map.of(3, 1L)),
                Pages.FETCHED_AT,
                Pages.FETCHED_AT));
  }

  @Test
  void countsFailuresAsFailedWithTheirErrorType() {
    DomainStats stats = fold(Pages.fetched(REQUEST, 200, "text/html", new byte[5], 12));

    stats =
        DomainStatsAggregator.addTally(
            HOST,
            DomainStatsAggregator.tally(Pages.failure(REQUEST, ErrorType.TIMEOUT, 9_000)),
            stats);
    stats =
        DomainStatsAggregator.addTally(
            HOST,
            DomainStatsAggregator.tally(Pages.failure(REQUEST, ErrorType.TIMEOUT, 500)),
            stats);
    stats =
        DomainStatsAggregator.addTally(
            HOST,
            DomainStatsAggregator.tally(Pages.failure(REQUEST, ErrorType.CONNECT, 3_000)),
            stats);

    assertThat(stats)
        .isEqualTo(
            stats(
                1,
                5,
                Map.of("2xx", 1L),
                Map.of("FETCHED", 1L, "FAILED", 3L),
                Map.of("TIMEOUT", 2L, "CONNECT", 1L),
                12,
                12,
                Pages.latencyBuckets(Map.of(1, 1L)),
                500,
                9_000));
  }

  @Test
  void countsTheStatusClassOfAFailuresLastResponseWhenItHadOne() {
    FetchFailure unavailable = Pages.failure(REQUEST, ErrorType.HTTP_STATUS, 1_000);
    unavailable.setStatus(503);
    FetchFailure tooMany = Pages.failure(REQUEST, ErrorType.HTTP_STATUS, 2_000);
    tooMany.setStatus(429);
    FetchFailure timedOut = Pages.failure(REQUEST, ErrorType.TIMEOUT, 3_000);

    DomainStats stats = DomainStatsAggregator.empty();
    for (FetchFailure failure : List.of(unavailable, tooMany, timedOut)) {
      stats = DomainStatsAggregator.addTally(HOST, DomainStatsAggregator.tally(failure), stats);
    }

    assertThat(stats)
        .isEqualTo(
            stats(
                0,
                0,
                Map.of("5xx", 1L, "4xx", 1L),
                Map.of("FAILED", 3L),
                Map.of("HTTP_STATUS", 2L, "TIMEOUT", 1L),
                0,
                0,
                List.of(),
                1_000,
                3_000));
  }

  @Test
  void countsADuplicateInDuplicatesOnlyAndTheRestAsPagesOrFailures() {
    FetchResult page = Pages.fetched(REQUEST, 200, "text/html", new byte[5], 12);
    FetchFailure failure = Pages.failure(REQUEST, ErrorType.TIMEOUT, 9_000);

    DomainStats stats = DomainStatsAggregator.empty();
    for (CountedOutcome outcome :
        List.of(
            CountedOutcome.of(Pages.CRAWL, DomainStatsAggregator.tally(page)),
            CountedOutcome.of(Pages.CRAWL, DomainStatsAggregator.tally(page)).asDuplicate(),
            CountedOutcome.of(Pages.CRAWL, DomainStatsAggregator.tally(failure)),
            CountedOutcome.of(Pages.CRAWL, DomainStatsAggregator.tally(failure)).asDuplicate())) {
      stats = DomainStatsAggregator.add(HOST, outcome, stats);
    }

    assertThat(stats)
        .isEqualTo(
            DomainStats.newBuilder(
                    DomainStatsAggregator.addTally(
                        HOST,
                        DomainStatsAggregator.tally(failure),
                        DomainStatsAggregator.addTally(
                            HOST,
                            DomainStatsAggregator.tally(page),
                            DomainStatsAggregator.empty())))
                .setDuplicates(2)
                .build());
    assertThat(stats.getDuplicates()).isEqualTo(2);
    assertThat(stats.getOutcomes()).isEqualTo(Map.of("FETCHED", 1L, "FAILED", 1L));
  }

  @Test
  void leavesItsArgumentUnchanged() {
    DomainStats before = fold(Pages.fetched(REQUEST, 200, "text/html", new byte[5], 12));
    DomainStats copy = DomainStats.newBuilder(before).build();

    DomainStatsAggregator.addTally(
        HOST,
        DomainStatsAggregator.tally(Pages.fetched(REQUEST, 500, "text/html", new byte[5], 99)),
        before);
    DomainStatsAggregator.addTally(
        HOST, DomainStatsAggregator.tally(Pages.failure(REQUEST, ErrorType.DNS, 1)), before);

    assertThat(before).isEqualTo(copy);
  }

  private static DomainStats fold(FetchResult... results) {
    DomainStats stats = DomainStatsAggregator.empty();
    for (FetchResult result : results) {
      stats = DomainStatsAggregator.addTally(HOST, DomainStatsAggregator.tally(result), stats);
    }
    return stats;
  }

  private static DomainStats stats(
      long pages,
      long bytes,
      Map<String, Long> statusClasses,
      Map<String, Long> outcomes,
      Map<String, Long> errors,
      long latencySum,
      long latencyMax,
      List<Long> buckets,
      long firstSeen,
      long lastSeen) {
    return DomainStats.newBuilder(Pages.emptyStats(HOST))
        .setPages(pages)
        .setBytes(bytes)
        .setStatusClasses(statusClasses)
        .setOutcomes(outcomes)
        .setErrors(errors)
        .setLatencySumMs(latencySum)
        .setLatencyMaxMs(latencyMax)
        .setLatencyBuckets(buckets)
        .setFirstSeen(firstSeen)
        .setLastSeen(lastSeen)
        .build();
  }
}
