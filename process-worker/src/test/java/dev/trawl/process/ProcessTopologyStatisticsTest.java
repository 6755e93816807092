package dev.trawl.process;

import static dev.trawl.process.Pages.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.process.internal.stats.DuplicateOutcomes;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchFailure;
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
 * The statistics count each URL of a crawl once, whatever the fetch side delivers twice (a crash or
 * a revocation after a fetch), and show the repeats as duplicates; documents still go out for every
 * page outcome.
 */
class ProcessTopologyStatisticsTest {

  @TempDir Path stateDir;

  private final PageParser parser = new PageParser();
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
  void countsAUrlDeliveredTwiceOnceAndTheRepeatsAsDuplicates() {
    FetchRequest one = request("http://a.test/1", "a.test");
    FetchRequest two = request("http://a.test/2", "a.test");
    FetchResult page = Pages.fetched(one, 200, "text/html", new byte[300], 40);
    FetchFailure failure = Pages.failure(two, ErrorType.CONNECT, 9_000);
    FetchResult pageAfterFailure = Pages.fetched(two, 200, "text/html", new byte[10], 10);
    FetchResult otherCrawl =
        Pages.fetched(
            FetchRequest.newBuilder(one).setCrawlId("crawl-2").build(),
            200,
            "text/html",
            new byte[5],
            40);

    topology.pipe(page, page);
    topology.pipe(failure, failure);
    topology.pipe(pageAfterFailure, otherCrawl);

    assertThat(topology.stats.readKeyValuesToMap())
        .isEqualTo(
            Map.of(
                "a.test",
                DomainStats.newBuilder(Pages.emptyStats("a.test"))
                    .setPages(2)
                    .setBytes(305)
                    .setStatusClasses(Map.of("2xx", 2L))
                    .setOutcomes(Map.of("FETCHED", 2L, "FAILED", 1L))
                    .setErrors(Map.of("CONNECT", 1L))
                    .setLatencySumMs(80)
                    .setLatencyMaxMs(40)
                    .setLatencyBuckets(Pages.latencyBuckets(Map.of(2, 2L)))
                    .setFirstSeen(Pages.FETCHED_AT)
                    .setLastSeen(9_000)
                    .setDuplicates(3)
                    .build()));
    assertThat(topology.documents.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair("a.test", parser.parse(page)),
            KeyValue.pair("a.test", parser.parse(page)),
            KeyValue.pair("a.test", parser.parse(pageAfterFailure)),
            KeyValue.pair("a.test", parser.parse(otherCrawl)));
    assertThat(topology.count(DuplicateOutcomes.COUNTER)).isEqualTo(3);
  }

  @Test
  void countsDuplicatesInTheWindowOfTheRepeat() {
    FetchResult page =
        Pages.fetched(request("http://a.test/", "a.test"), 200, "text/html", new byte[300], 40);
    long start = TopologyDriver.NOW.toEpochMilli() - TopologyDriver.NOW.toEpochMilli() % 60_000;

    topology.pages.pipeInput("a.test", page, start + 1_000);
    topology.pages.pipeInput("a.test", page, start + 2_000);
    topology.pages.pipeInput("a.test", page, start + 60_000);

    DomainStats counted =
        DomainStats.newBuilder(Pages.emptyStats("a.test"))
            .setPages(1)
            .setBytes(300)
            .setStatusClasses(Map.of("2xx", 1L))
            .setOutcomes(Map.of("FETCHED", 1L))
            .setLatencySumMs(40)
            .setLatencyMaxMs(40)
            .setLatencyBuckets(Pages.latencyBuckets(Map.of(2, 1L)))
            .setFirstSeen(Pages.FETCHED_AT)
            .setLastSeen(Pages.FETCHED_AT)
            .build();
    assertThat(topology.windowedStats.readKeyValuesToMap())
        .isEqualTo(
            Map.of(
                "a.test@" + start,
                window(DomainStats.newBuilder(counted).setDuplicates(1).build(), start),
                "a.test@" + (start + 60_000),
                window(
                    DomainStats.newBuilder(Pages.emptyStats("a.test")).setDuplicates(1).build(),
                    start + 60_000)));
  }

  private static DomainStats window(DomainStats stats, long start) {
    return DomainStats.newBuilder(stats).setWindowStart(start).setWindowEnd(start + 60_000).build();
  }
}
