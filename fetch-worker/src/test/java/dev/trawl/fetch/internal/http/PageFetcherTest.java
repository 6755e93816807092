package dev.trawl.fetch.internal.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.trawl.embedded.testing.Encodings;
import dev.trawl.embedded.testing.RawServer;
import dev.trawl.fetch.FetchSettings;
import dev.trawl.fetch.TestSite;
import dev.trawl.fetch.internal.decode.CorruptContentException;
import dev.trawl.runtime.PageLimits;
import dev.trawl.runtime.net.BlockedAddressException;
import dev.trawl.schemas.ErrorType;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PageFetcherTest {

  private static final int LIMIT = 4096;
  private static final FetchSettings SETTINGS =
      FetchSettings.defaults()
          .with(PageLimits.CONTENT_LIMIT_BYTES, LIMIT)
          .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(2))
          .with(FetchSettings.TIMEOUT, Duration.ofSeconds(5))
          .with(FetchSettings.USER_AGENT, "trawl-test/1.0");

  private static TestSite site;
  private PageFetcher fetcher;

  @BeforeAll
  static void startSite() {
    site = new TestSite(1);
  }

  @AfterAll
  static void stopSite() throws Exception {
    site.close();
  }

  @AfterEach
  void closeFetcher() {
    if (fetcher != null) {
      fetcher.close();
    }
  }

  private HttpPage fetch(FetchSettings settings, String url) throws Exception {
    fetcher = new PageFetcher(settings.fetcherOptions());
    return fetcher.fetch(URI.create(url)).get(20, TimeUnit.SECONDS);
  }

  private Throwable failure(FetchSettings settings, String url) throws Exception {
    fetcher = new PageFetcher(settings.fetcherOptions());
    CompletableFuture<HttpPage> future = fetcher.fetch(URI.create(url));
    try {
      HttpPage page = future.get(20, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got status " + page.status());
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private static String text(HttpPage page) {
    return new String(page.body(), StandardCharsets.UTF_8);
  }

  @Test
  void fetchesAPageWithItsSelectedHeaders() throws Exception {
    String url = site.url(1, "/ok/1");

    HttpPage page = fetch(SETTINGS, url);

    String body = "<html><body>ok /ok/1</body></html>";
    assertThat(page)
        .usingRecursiveComparison()
        .isEqualTo(
            new HttpPage(
                200,
                url,
                List.of(),
                Map.of(
                    "content-type", "text/html; charset=utf-8",
                    "content-length", String.valueOf(body.length()),
                    "server", "trawl-test",
                    "etag", "\"v1\"",
                    "last-modified", TestSite.LAST_MODIFIED),
                "text/html; charset=utf-8",
                body.getBytes(StandardCharsets.UTF_8),
                false));
  }

  @Test
  void reusesOneConnectionForSequentialFetchesOfAHost() throws Exception {
    fetcher = new PageFetcher(SETTINGS.fetcherOptions());
    int before = site.connectionsSeen();
    for (int i = 0; i < 20; i++) {
      fetcher.fetch(URI.create(site.url(1, "/ok/" + i))).get(20, TimeUnit.SECONDS);
    }

    assertThat(site.connectionsSeen() - before).isEqualTo(1);
  }

  @Test
  void returnsA404AsAPage() throws Exception {
    HttpPage page = fetch(SETTINGS, site.url(1, "/missing/x"));

    assertThat(page.status()).isEqualTo(404);
    assertThat(text(page)).isEqualTo("<html>not found</html>");
    assertThat(page.truncated()).isFalse();
  }

  @Test
  void returnsA500AsAPage() throws Exception {
    HttpPage page = fetch(SETTINGS, site.url(1, "/error/x"));

    assertThat(page.status()).isEqualTo(500);
    assertThat(text(page)).isEqualTo("<html>server error</html>");
  }

  @Test
  void sendsTheConfiguredUserAgentAndAcceptsGzipDeflateAndBrotli() throws Exception {
    fetcher = new PageFetcher(SETTINGS.fetcherOptions());
    HttpPage page = fetcher.fetch(URI.create(site.url(1, "/echo"))).get(20, TimeUnit.SECONDS);
    HttpPage hop =
        fetcher
            .fetchHop(URI.create(site.url(1, "/echo")), Map.of(), 5_000)
            .get(20, TimeUnit.SECONDS);

    assertThat(text(page)).isEqualTo("trawl-test/1.0\ngzip, deflate, br");
    assertThat(text(hop)).isEqualTo("trawl-test/1.0\ngzip, deflate, br");
  }

  @Test
  void followsARedirectChainAndRecordsIt() throws Exception {
    HttpPage page = fetch(SETTINGS, site.url(1, "/redirect/3"));

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.finalUrl()).isEqualTo(site.url(1, "/ok/final"));
    assertThat(page.redirectChain())
        .containsExactly(
            site.url(1, "/redirect/3"), site.url(1, "/redirect/2"), site.url(1, "/redirect/1"));
    assertThat(text(page)).isEqualTo("<html><body>ok /ok/final</body></html>");
  }

  @Test
  void followsExactlyTheMaximumNumberOfRedirects() throws Exception {
    HttpPage page =
        fetch(SETTINGS.with(FetchSettings.MAX_REDIRECTS, 3), site.url(1, "/redirect/3"));

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.redirectChain()).hasSize(3);
  }

  @Test
  void failsWithTooManyRedirectsOnALoop() throws Exception {
    int before = site.hits("/loop");

    Throwable failure = failure(SETTINGS, site.url(1, "/loop"));

    assertThat(failure).isInstanceOf(TooManyRedirectsException.class);
    assertThat(failure).hasMessage("more than 5 redirects, last from " + site.url(1, "/loop"));
    assertThat(site.hits("/loop") - before).isEqualTo(6);
  }

  @Test
  void returnsTheRedirectItselfWhenRedirectsAreOff() throws Exception {
    HttpPage page =
        fetch(SETTINGS.with(FetchSettings.MAX_REDIRECTS, 0), site.url(1, "/redirect/2"));

    assertThat(page.status()).isEqualTo(302);
    assertThat(page.headers()).containsEntry("location", "/redirect/1");
    assertThat(page.redirectChain()).isEmpty();
  }

  @Test
  void cutsABodyLongerThanTheLimit() throws Exception {
    HttpPage page = fetch(SETTINGS, site.url(1, "/bytes/10000"));

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).hasSize(LIMIT).containsOnly((byte) 'a');
    assertThat(page.truncated()).isTrue();
  }

  @Test
  void keepsABodyOfExactlyTheLimitWhole() throws Exception {
    HttpPage page = fetch(SETTINGS, site.url(1, "/bytes/" + LIMIT));

    assertThat(page.body()).hasSize(LIMIT);
    assertThat(page.truncated()).isFalse();
  }

  @Test
  void decodesGzipAndCutsAGzipBombAtTheLimit() throws Exception {
    FetchSettings settings = SETTINGS.with(PageLimits.CONTENT_LIMIT_BYTES, 1024 * 1024);

    HttpPage page = fetch(settings, site.url(1, "/gzip-zeros/50"));

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).hasSize(1024 * 1024).containsOnly((byte) 0);
    assertThat(page.truncated()).isTrue();
  }

  @Test
  void failsWithATimeoutWhenTheServerNeverAnswers() throws Exception {
    FetchSettings settings =
        SETTINGS
            .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(2))
            .with(FetchSettings.TIMEOUT, Duration.ofMillis(300));

    Throwable failure = failure(settings, site.url(1, "/hang"));

    assertThat(failure).isInstanceOf(TimeoutException.class);
  }

  @Test
  void readsHeadersUpToTheirLimitAndFailsAResponseWhoseHeadersNeverEnd() throws Exception {
    String under = "X-Big: " + "h".repeat(PageFetcher.MAX_RESPONSE_HEADERS_BYTES - 1024) + "\r\n";
    try (RawServer big =
            RawServer.answering(
                (out, closed) ->
                    out.write(
                        RawServer.ascii(
                            "HTTP/1.1 200 OK\r\n" + under + "Content-Length: 0\r\n\r\n")));
        RawServer endless =
            RawServer.answering(
                (out, closed) -> {
                  out.write(RawServer.ascii("HTTP/1.1 200 OK\r\n"));
                  for (long i = 0; closed.getCount() > 0; i++) {
                    out.write(RawServer.ascii("X-H" + i + ": v\r\n"));
                  }
                })) {
      HttpPage page = fetch(SETTINGS, big.url("/big"));
      fetcher.close();
      Throwable failure = failure(SETTINGS, endless.url("/endless"));

      assertThat(page.status()).isEqualTo(200);
      assertThat(ErrorTypes.of(failure)).isEqualTo(ErrorType.PROTOCOL);
    }
  }

  @Test
  void failsWithConnectWhenTheConnectionIsRefused() throws Exception {
    Throwable failure = failure(SETTINGS, "http://127.0.0.1:" + TestSite.closedPort() + "/ok/1");

    assertThat(ErrorTypes.of(failure)).isEqualTo(ErrorType.CONNECT);
    assertThat(failure).isInstanceOf(ConnectException.class);
  }

  @Test
  void refusesAddressesTheCheckBlocks() throws Exception {
    fetcher = new PageFetcher(SETTINGS.fetcherOptions(), address -> false);
    CompletableFuture<HttpPage> future = fetcher.fetch(URI.create(site.url(1, "/ok/blocked")));

    Throwable failure = catchThrowable(() -> future.get(20, TimeUnit.SECONDS)).getCause();

    assertThat(failure).isInstanceOf(BlockedAddressException.class);
    assertThat(site.hits("/ok/blocked")).isZero();
  }

  @Test
  void decodesDeflateWithOrWithoutTheZlibWrapper() throws Exception {
    fetcher = new PageFetcher(SETTINGS.fetcherOptions());

    HttpPage zlib = fetcher.fetch(URI.create(site.url(1, "/deflate-text/zlib"))).get(20, SECONDS);
    HttpPage raw = fetcher.fetch(URI.create(site.url(1, "/deflate-text/raw"))).get(20, SECONDS);

    assertThat(text(zlib)).isEqualTo(TestSite.DEFLATED_TEXT);
    assertThat(text(raw)).isEqualTo(TestSite.DEFLATED_TEXT);
    assertThat(zlib.truncated()).isFalse();
    assertThat(raw.truncated()).isFalse();
  }

  @Test
  void cutsADeflateBombAtTheLimitOfDecodedBytes() throws Exception {
    FetchSettings settings = SETTINGS.with(PageLimits.CONTENT_LIMIT_BYTES, 1024 * 1024);

    HttpPage zlib = fetch(settings, site.url(1, "/deflate-zeros/zlib/50"));
    fetcher.close();
    HttpPage raw = fetch(settings, site.url(1, "/deflate-zeros/raw/50"));

    assertThat(zlib.body()).hasSize(1024 * 1024).containsOnly((byte) 0);
    assertThat(zlib.truncated()).isTrue();
    assertThat(raw.body()).hasSize(1024 * 1024).containsOnly((byte) 0);
    assertThat(raw.truncated()).isTrue();
  }

  @Test
  void decodesBrotli() throws Exception {
    HttpPage page = fetch(SETTINGS, site.url(1, "/br/page.br"));

    assertThat(text(page)).isEqualTo("<html><body>brotli works</body></html>");
    assertThat(page.truncated()).isFalse();
  }

  @Test
  void acceptsAnEmptyBrotliBody() throws Exception {
    HttpPage page = fetch(SETTINGS, site.url(1, "/br/empty.br"));

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).isEmpty();
    assertThat(page.truncated()).isFalse();
  }

  @Test
  void cutsABrotliBombAtTheLimitOfDecodedBytes() throws Exception {
    // 54 bytes on the wire that decode to 64 MiB of zeros.
    site.serveEncoded("/brotli-bomb", Encodings.brotliZeros64MiB(), "br");
    HttpPage page =
        fetch(
            SETTINGS.with(PageLimits.CONTENT_LIMIT_BYTES, 1024 * 1024),
            site.url(1, "/brotli-bomb"));

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).hasSize(1024 * 1024).containsOnly((byte) 0);
    assertThat(page.truncated()).isTrue();
  }

  @Test
  void failsWithAProtocolErrorOnCorruptBrotli() throws Exception {
    Throwable failure = failure(SETTINGS, site.url(1, "/br/corrupt.br"));

    assertThat(failure).isInstanceOf(CorruptContentException.class);
    assertThat(ErrorTypes.of(failure)).isEqualTo(ErrorType.PROTOCOL);
  }

  @Test
  void refusesAContentTypeNotAllowedWithoutWaitingForItsBody() throws Exception {
    fetcher =
        new PageFetcher(
            SETTINGS
                .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(2))
                .with(FetchSettings.TIMEOUT, Duration.ofSeconds(60))
                .fetcherOptions());
    String url = site.url(1, "/typed/image/png");

    // The body never ends: only a fetch that does not wait for it completes within 20 s.
    HttpPage page = fetcher.fetchHop(URI.create(url), Map.of(), 60_000).get(20, SECONDS);

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).isEqualTo("image/png");
    assertThat(page.contentTypeRefused()).isTrue();
    assertThat(page.body()).isEmpty();
    // Not read is not cut: truncated means a body longer than the content limit.
    assertThat(page.truncated()).isFalse();
    assertThat(fetcher.budget().held()).isZero();
  }

  @Test
  void readsAnAllowedContentType() throws Exception {
    fetcher = new PageFetcher(SETTINGS.fetcherOptions());

    HttpPage page =
        fetcher.fetchHop(URI.create(site.url(1, "/ok/typed")), Map.of(), 5_000).get(20, SECONDS);

    assertThat(page.contentTypeRefused()).isFalse();
    assertThat(text(page)).isEqualTo("<html><body>ok /ok/typed</body></html>");
  }

  @Test
  void countsKeptBodyBytesInTheBudgetUntilReleased() throws Exception {
    fetcher = new PageFetcher(SETTINGS.fetcherOptions());

    HttpPage cut =
        fetcher.fetchHop(URI.create(site.url(1, "/bytes/10000")), Map.of(), 5_000).get(20, SECONDS);
    HttpPage small =
        fetcher.fetchHop(URI.create(site.url(1, "/bytes/100")), Map.of(), 5_000).get(20, SECONDS);
    long held = fetcher.budget().held();
    fetcher.release(cut);
    fetcher.release(small);

    assertThat(held).isEqualTo(LIMIT + 100);
    assertThat(fetcher.budget().held()).isZero();
  }

  @Test
  void readsARobotsTxtUpToItsOwnCapWhateverTheContentLimit() throws Exception {
    fetcher = new PageFetcher(SETTINGS.fetcherOptions());

    HttpPage robots =
        fetcher.fetchRobots(URI.create(site.url(1, "/bytes/600000"))).get(20, SECONDS);

    assertThat(robots.body()).hasSize(PageFetcher.ROBOTS_MAX_BYTES);
    assertThat(robots.truncated()).isTrue();
    assertThat(fetcher.budget().held()).isZero(); // Parsed and dropped: never in the budget.
  }

  @Test
  void releasesTheBytesOfAFailedExchange() throws Exception {
    fetcher = new PageFetcher(SETTINGS.fetcherOptions());

    Throwable failure =
        catchThrowable(
            () ->
                fetcher
                    .fetchHop(URI.create(site.url(1, "/br/corrupt.br")), Map.of(), 5_000)
                    .get(20, SECONDS));

    assertThat(failure).hasCauseInstanceOf(CorruptContentException.class);
    assertThat(fetcher.budget().held()).isZero();
  }
}
