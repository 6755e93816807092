package dev.trawl.fetch.internal.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.fetch.internal.http.HttpPage;
import dev.trawl.fetch.internal.http.HttpStatusException;
import dev.trawl.fetch.internal.http.OutOfScopeRedirectException;
import dev.trawl.fetch.internal.http.ProxiedException;
import dev.trawl.fetch.internal.http.RobotsDeniedException;
import dev.trawl.fetch.internal.http.RobotsUnavailableException;
import dev.trawl.runtime.net.BlockedAddressException;
import dev.trawl.schemas.AvroSerde;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchError;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FetchOutcomesTest {

  static {
    // The records below are built before any serde loads; Avro must trust Trawl's types first.
    AvroSerde.trustTrawlRecords();
  }

  private static final FetchRequest REQUEST =
      FetchRequest.newBuilder()
          .setUrl("http://127.0.0.1:8080/a")
          .setHost("127.0.0.1")
          .setCrawlId("crawl-1")
          .setEnqueuedAt(1_000L)
          .build();

  private static HttpPage page(int status, String body) {
    return new HttpPage(
        status,
        "http://127.0.0.1:8080/b",
        List.of("http://127.0.0.1:8080/a"),
        Map.of("content-type", "text/html"),
        "text/html",
        body.getBytes(StandardCharsets.UTF_8),
        false);
  }

  @ParameterizedTest
  @MethodSource("statuses")
  void publishesEveryFinalHttpStatusAsAFetchedPage(int status) {
    Outcome outcome = FetchOutcomes.of(REQUEST, page(status, "hello"), null, 42, 5_000);

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Page(
                FetchResult.newBuilder()
                    .setRequest(REQUEST)
                    .setOutcome(FetchOutcome.FETCHED)
                    .setFinalUrl("http://127.0.0.1:8080/b")
                    .setRedirectChain(List.of("http://127.0.0.1:8080/a"))
                    .setStatus(status)
                    .setHeaders(Map.of("content-type", "text/html"))
                    .setContentType("text/html")
                    .setBody(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8)))
                    .setTruncated(false)
                    .setFetchedAt(5_000)
                    .setLatencyMs(42)
                    .build()));
  }

  static List<Integer> statuses() {
    return List.of(200, 204, 301, 304, 404, 410);
  }

  @ParameterizedTest
  @MethodSource("retryableStatuses")
  void sendsA429Or5xxAfterTheLastAttemptToTheDlqWithStatusAndProxy(int status) {
    HttpPage page = page(status, "busy").withProxyId("http://127.0.0.9:3128");

    Outcome outcome = FetchOutcomes.of(REQUEST, page, null, 42, 5_000, 3);

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Failure(
                FetchFailure.newBuilder()
                    .setRequest(REQUEST)
                    .setAttempts(3)
                    .setError(
                        new FetchError(
                            ErrorType.HTTP_STATUS, "HTTP " + status + " after 3 attempts"))
                    .setFailedAt(5_000)
                    .setStatus(status)
                    .setProxyId("http://127.0.0.9:3128")
                    .build()));
  }

  static List<Integer> retryableStatuses() {
    return List.of(429, 500, 503, 599);
  }

  @Test
  void namesASingleAttemptInTheMessage() {
    Outcome outcome = FetchOutcomes.of(REQUEST, page(500, "x"), null, 1, 5_000, 1);

    assertThat(((Outcome.Failure) outcome).failure().getError().getMessage())
        .isEqualTo("HTTP 500 after 1 attempt");
  }

  @Test
  void recordsTheProxyOfAFailureThatWentThroughOne() {
    Throwable failure =
        new CompletionException(
            new ProxiedException("socks5://127.0.0.9:1080", new ConnectException("refused")));

    Outcome outcome = FetchOutcomes.of(REQUEST, null, failure, 3, 7_000, 2);

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Failure(
                FetchFailure.newBuilder()
                    .setRequest(REQUEST)
                    .setAttempts(2)
                    .setError(new FetchError(ErrorType.CONNECT, "ConnectException: refused"))
                    .setFailedAt(7_000)
                    .setStatus(0)
                    .setProxyId("socks5://127.0.0.9:1080")
                    .build()));
  }

  @Test
  void publishesAFailureToTheDlqWithTheClassifiedCause() {
    Throwable failure = new CompletionException(new ConnectException("Connection refused"));

    Outcome outcome = FetchOutcomes.of(REQUEST, null, failure, 3, 7_000);

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Failure(
                FetchFailure.newBuilder()
                    .setRequest(REQUEST)
                    .setAttempts(1)
                    .setError(
                        new FetchError(ErrorType.CONNECT, "ConnectException: Connection refused"))
                    .setFailedAt(7_000)
                    .build()));
  }

  @Test
  void countsAttemptsAlreadyMadeByTheRequest() {
    FetchRequest retried = FetchRequest.newBuilder(REQUEST).setAttempt(2).build();

    Outcome outcome = FetchOutcomes.of(retried, null, new TimeoutException(), 3, 7_000);

    assertThat(((Outcome.Failure) outcome).failure().getAttempts()).isEqualTo(3);
    assertThat(((Outcome.Failure) outcome).failure().getError())
        .isEqualTo(new FetchError(ErrorType.TIMEOUT, "TimeoutException"));
  }

  @Test
  void publishesABlockedAddressAsANotFetchedPage() {
    Outcome outcome =
        FetchOutcomes.of(REQUEST, null, new BlockedAddressException("blocked"), 1, 8_000);

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Page(
                FetchResult.newBuilder()
                    .setRequest(REQUEST)
                    .setOutcome(FetchOutcome.BLOCKED)
                    .setFinalUrl("http://127.0.0.1:8080/a")
                    .setStatus(0)
                    .setBody(ByteBuffer.allocate(0))
                    .setFetchedAt(8_000)
                    .setLatencyMs(1)
                    .setError(new FetchError(ErrorType.BLOCKED, "BlockedAddressException: blocked"))
                    .build()));
  }

  @Test
  void publishesARobotsDenialAsANotFetchedPage() {
    Throwable failure =
        new CompletionException(new RobotsDeniedException("robots.txt forbids http://a/x"));

    Outcome outcome = FetchOutcomes.of(REQUEST, null, failure, 2, 9_000);

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Page(
                FetchResult.newBuilder()
                    .setRequest(REQUEST)
                    .setOutcome(FetchOutcome.DENIED_BY_ROBOTS)
                    .setFinalUrl("http://127.0.0.1:8080/a")
                    .setStatus(0)
                    .setBody(ByteBuffer.allocate(0))
                    .setFetchedAt(9_000)
                    .setLatencyMs(2)
                    .setError(
                        new FetchError(
                            ErrorType.ROBOTS_DENIED,
                            "RobotsDeniedException: robots.txt forbids http://a/x"))
                    .build()));
  }

  @Test
  void failsAUrlWhoseRobotsTxtStayedUnavailableNamingItNeverDenied() {
    Throwable status =
        new CompletionException(
            new RobotsUnavailableException(503, "5", 0, new HttpStatusException(503)));
    Throwable refused =
        new ProxiedException(
            "http://127.0.0.1:3128",
            new RobotsUnavailableException(0, null, 0, new ConnectException("Connection refused")));

    assertThat(FetchOutcomes.of(REQUEST, null, status, 9, 5_000, 3))
        .isEqualTo(
            new Outcome.Failure(
                FetchFailure.newBuilder()
                    .setRequest(REQUEST)
                    .setAttempts(3)
                    .setError(
                        new FetchError(
                            ErrorType.HTTP_STATUS,
                            "robots.txt unavailable: HTTP 503 after 3 attempts"))
                    .setFailedAt(5_000)
                    .setStatus(503)
                    .setProxyId(null)
                    .build()));
    assertThat(FetchOutcomes.of(REQUEST, null, refused, 9, 5_000, 1))
        .isEqualTo(
            new Outcome.Failure(
                FetchFailure.newBuilder()
                    .setRequest(REQUEST)
                    .setAttempts(1)
                    .setError(
                        new FetchError(
                            ErrorType.CONNECT,
                            "robots.txt unavailable: ConnectException: Connection refused after 1"
                                + " attempt"))
                    .setFailedAt(5_000)
                    .setStatus(0)
                    .setProxyId("http://127.0.0.1:3128")
                    .build()));
  }

  @Test
  void recordsTheAttemptsMadeInAFailure() {
    Outcome outcome = FetchOutcomes.of(REQUEST, null, new TimeoutException(), 3, 7_000, 3);

    assertThat(((Outcome.Failure) outcome).failure().getAttempts()).isEqualTo(3);
  }

  @Test
  void refusesBothOrNeitherOfPageAndFailure() {
    assertThatThrownBy(() -> FetchOutcomes.of(REQUEST, null, null, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exactly one of page and failure must be given");
    assertThatThrownBy(() -> FetchOutcomes.of(REQUEST, page(200, ""), new TimeoutException(), 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exactly one of page and failure must be given");
  }

  @Test
  void namesStatusClasses() {
    assertThat(List.of(200, 301, 404, 503).stream().map(FetchOutcomes::statusClass))
        .containsExactly("2xx", "3xx", "4xx", "5xx");
  }

  @Test
  void publishesARefusedContentTypeAsAFetchedPageWithoutBody() {
    HttpPage refused =
        new HttpPage(
            200,
            "http://127.0.0.1:8080/a",
            List.of(),
            Map.of("content-type", "image/png"),
            "image/png",
            new byte[0],
            true,
            null,
            true);

    Outcome outcome = FetchOutcomes.of(REQUEST, refused, null, 4, 6_000);

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Page(
                FetchResult.newBuilder()
                    .setRequest(REQUEST)
                    .setOutcome(FetchOutcome.FETCHED)
                    .setFinalUrl("http://127.0.0.1:8080/a")
                    .setRedirectChain(List.of())
                    .setStatus(200)
                    .setHeaders(Map.of("content-type", "image/png"))
                    .setContentType("image/png")
                    .setBody(ByteBuffer.allocate(0))
                    .setTruncated(true)
                    .setFetchedAt(6_000)
                    .setLatencyMs(4)
                    .setError(
                        new FetchError(
                            ErrorType.CONTENT_TYPE,
                            "content type image/png is not allowed; body not read"))
                    .build()));
  }

  @Test
  void publishesARedirectOutOfTheScopeAsRedirectedWithTheChainAndTarget() {
    Throwable failure =
        new CompletionException(
            new OutOfScopeRedirectException(
                List.of("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b"),
                "http://127.0.0.2:8080/c",
                301,
                "http://127.0.0.9:3128"));

    Outcome outcome = FetchOutcomes.of(REQUEST, null, failure, 5, 6_000);

    assertThat(outcome)
        .isEqualTo(
            new Outcome.Page(
                FetchResult.newBuilder()
                    .setRequest(REQUEST)
                    .setOutcome(FetchOutcome.REDIRECTED)
                    .setFinalUrl("http://127.0.0.2:8080/c")
                    .setRedirectChain(List.of("http://127.0.0.1:8080/a", "http://127.0.0.1:8080/b"))
                    .setStatus(301)
                    .setBody(ByteBuffer.allocate(0))
                    .setFetchedAt(6_000)
                    .setLatencyMs(5)
                    .setProxyId("http://127.0.0.9:3128")
                    .build()));
  }
}
