package dev.trawl.fetch.internal.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.fetch.internal.http.HttpPage;
import dev.trawl.fetch.internal.http.OutOfScopeRedirectException;
import dev.trawl.runtime.PageLimits;
import dev.trawl.runtime.crawl.Urls;
import dev.trawl.schemas.AvroSerde;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchError;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Outcomes are bounded by construction, and say what was cut. */
class RecordBoundsTest {

  static {
    AvroSerde.trustTrawlRecords();
  }

  private static final int CONTENT_LIMIT = PageLimits.CONTENT_LIMIT_BYTES.defaultValue();

  /** The largest URL fetched, of 3-byte characters where they fit. */
  private static String url(String tag) {
    String start = "http://example.com/" + tag + "/";
    int room = Urls.MAX_FETCHABLE_BYTES - start.length();
    return start + "€".repeat(room / 3) + "a".repeat(room % 3);
  }

  private static String huge(char c) {
    return String.valueOf(c).repeat(1024 * 1024);
  }

  /** A request whose every field is as large as Kafka lets a producer make it. */
  private static FetchRequest hugeRequest() {
    Map<String, String> metadata = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      metadata.put("key-" + i, "€".repeat(10_000));
    }
    return FetchRequest.newBuilder()
        .setUrl(url("request"))
        .setHost(huge('h'))
        .setCrawlId(huge('c'))
        .setEnqueuedAt(1)
        .setReferrer(huge('r'))
        .setMetadata(metadata)
        .build();
  }

  @Test
  void keepsTheWorstCasePageWithinKafkasRoomForIt() {
    List<String> chain = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      chain.add(url("hop-" + i));
    }
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < 100; i++) {
      headers.put("x-header-" + i + "-" + "n".repeat(2_000), huge('v'));
    }
    HttpPage page =
        new HttpPage(
            200,
            url("final"),
            chain,
            headers,
            huge('t'),
            new byte[CONTENT_LIMIT],
            true,
            huge('p'),
            false);

    FetchResult result =
        ((Outcome.Page) FetchOutcomes.of(hugeRequest(), page, null, 1, 2, 1)).result();
    byte[] value = Topics.PAGES.valueSerde().serializer().serialize("trawl.pages", result);
    int key = result.getRequest().getHost().getBytes(StandardCharsets.UTF_8).length;

    // A record batch around one record costs less than 100 bytes; 1 KiB is kept for it.
    assertThat((long) value.length + key + 1024)
        .isLessThan(PageLimits.maxMessageBytes(CONTENT_LIMIT));
    // Measured: about 229 KiB beyond the body, so 16 KiB and more of the 256 KiB stay free.
    assertThat(value.length - CONTENT_LIMIT).isLessThan(240 * 1024);
    assertThat(result.getRedirectChain()).hasSize(RecordBounds.MAX_REDIRECTS + 1);
    assertThat(result.getHeaders()).hasSize(RecordBounds.MAX_HEADERS);
    assertThat(result.getRequest().getMetadata().get(RecordBounds.CUT_KEY))
        .isEqualTo(
            "request.host cut to 1024 of 1048576 bytes; request.crawlId cut to 1024 of 1048576"
                + " bytes; request.referrer cut to 8192 of 1048576 bytes; metadata cut to 0 of 100"
                + " entries (3001590 bytes, limit 16384); contentType cut to 1024 of 1048576 bytes;"
                + " redirectChain: 21 of 40 URLs kept, 0 cut to 8192 bytes; headers: 16 of 100"
                + " kept, 32 names or values cut to 1024 bytes; proxyId cut to 1024 of 1048576"
                + " bytes");
  }

  @Test
  void keepsTheWorstCaseFailureSmall() {
    FetchFailure failure =
        ((Outcome.Failure)
                FetchOutcomes.of(
                    hugeRequest(), null, new IllegalStateException(huge('m')), 1, 2, 1))
            .failure();
    byte[] value = Topics.FETCH_DLQ.valueSerde().serializer().serialize("trawl.fetch-dlq", failure);

    assertThat(value.length).isLessThan(64 * 1024);
    assertThat(failure.getError().getMessage()).hasSize(RecordBounds.MAX_MESSAGE_BYTES);
  }

  @Test
  void keepsWholeMetadataEntriesInKeyOrderWhileTheyFitAndNotesTheCut() {
    Map<String, String> metadata = new TreeMap<>();
    metadata.put("a", "x".repeat(6_000));
    metadata.put("b", "y".repeat(20_000));
    metadata.put("c", "z".repeat(6_000));
    metadata.put("d", "small");
    FetchRequest request =
        FetchRequest.newBuilder()
            .setUrl("http://example.com/")
            .setHost("example.com")
            .setCrawlId("c1")
            .setEnqueuedAt(1)
            .setMetadata(metadata)
            .build();

    FetchRequest bounded = new RecordBounds().request(request);

    Map<String, String> expected = new TreeMap<>();
    expected.put("a", "x".repeat(6_000));
    expected.put("c", "z".repeat(6_000));
    expected.put("d", "small");
    expected.put(RecordBounds.CUT_KEY, "metadata cut to 3 of 4 entries (32049 bytes, limit 16384)");
    assertThat(bounded).isEqualTo(FetchRequest.newBuilder(request).setMetadata(expected).build());
  }

  @Test
  void leavesARequestWithinItsBoundsAsItIs() {
    FetchRequest request =
        FetchRequest.newBuilder()
            .setUrl("http://example.com/")
            .setHost("example.com")
            .setCrawlId("c1")
            .setEnqueuedAt(1)
            .setMetadata(Map.of("seed", "yes"))
            .build();

    assertThat(new RecordBounds().request(request)).isSameAs(request);
  }

  @Test
  void makesTheSmallestFailureOfARefusedOutcomeWithoutMetadata() {
    FetchRequest request =
        FetchRequest.newBuilder()
            .setUrl("http://example.com/")
            .setHost("example.com")
            .setCrawlId("c1")
            .setEnqueuedAt(1)
            .setAttempt(1)
            .setMetadata(Map.of("seed", "yes", "big", "b".repeat(10_000)))
            .build();
    Outcome page =
        FetchOutcomes.of(
            request,
            null,
            new OutOfScopeRedirectException(
                List.of("http://example.com/"), "http://other.example/", 301, "socks5://p:1"),
            5,
            6,
            3); // Two attempts here after one of an earlier worker.
    FetchError why = new FetchError(ErrorType.OTHER, "too large");

    assertThat(FetchOutcomes.refused(page, why, 9))
        .isEqualTo(
            new Outcome.Failure(
                FetchFailure.newBuilder()
                    .setRequest(
                        FetchRequest.newBuilder(request)
                            .setMetadata(
                                Map.of(RecordBounds.CUT_KEY, "metadata dropped (2 entries)"))
                            .build())
                    .setAttempts(3)
                    .setError(why)
                    .setFailedAt(9)
                    .setStatus(0)
                    .setProxyId("socks5://p:1")
                    .build()));
  }
}
