package dev.trawl.fetch.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.embedded.testing.TlsFiles;
import dev.trawl.fetch.AddressCheck;
import dev.trawl.fetch.EgressSettings;
import dev.trawl.fetch.FetchSettings;
import dev.trawl.fetch.internal.http.HttpPage;
import dev.trawl.fetch.internal.http.PageFetcher;
import dev.trawl.fetch.internal.http.ProxiedException;
import dev.trawl.runtime.net.BlockedAddressException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetches through real proxies on 127.0.0.1: an HTTP forward proxy and a SOCKS5 proxy. */
class ProxyFetchTest {

  private static final FetchSettings BASE =
      FetchSettings.defaults()
          .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(2))
          .with(FetchSettings.TIMEOUT, Duration.ofSeconds(5));

  /** The origin runs on loopback, which the guard has to allow for the proxied tests. */
  private static final AddressCheck LOOPBACK_ALLOWED = AddressCheck.guard(true, List.of());

  private RecordingOrigin origin;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeEach
  void startOrigin() {
    origin = new RecordingOrigin("127.0.0.1");
    closeables.add(origin);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private PageFetcher fetcher(AddressCheck check, String rotation, int threshold, String... urls) {
    FetchSettings settings =
        BASE.with(EgressSettings.PROXY, List.of(urls))
            .with(EgressSettings.PROXY_ROTATION, rotation)
            .with(EgressSettings.PROXY_FAILURE_THRESHOLD, threshold)
            .with(EgressSettings.PROXY_COOLDOWN, Duration.ofMinutes(10));
    PageFetcher fetcher = new PageFetcher(settings.fetcherOptions(), check, registry);
    closeables.add(0, fetcher);
    return fetcher;
  }

  private static HttpPage get(PageFetcher fetcher, String url) throws Exception {
    return fetcher.fetch(URI.create(url)).get(20, TimeUnit.SECONDS);
  }

  private static Throwable failure(CompletableFuture<HttpPage> future) throws Exception {
    try {
      HttpPage page = future.get(20, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got status " + page.status());
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void fetchesThroughAnHttpProxyWithItsCredentialsAndRecordsTheProxy() throws Exception {
    TestHttpProxy proxy = new TestHttpProxy("alice", "s3cret");
    closeables.add(proxy);
    PageFetcher fetcher =
        fetcher(
            LOOPBACK_ALLOWED, "round-robin", 3, "http://alice:s3cret@127.0.0.1:" + proxy.port());

    HttpPage page = get(fetcher, origin.url("/a"));

    assertThat(page.status()).isEqualTo(200);
    assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo("ok /a");
    assertThat(page.proxyId()).isEqualTo("http://127.0.0.1:" + proxy.port());
    assertThat(proxy.seen()).hasSize(1);
    assertThat(proxy.seen().get(0).requestLine())
        .isEqualTo("GET " + origin.url("/a") + " HTTP/1.1");
    assertThat(proxy.seen().get(0).headers())
        .containsEntry("proxy-authorization", basic("alice", "s3cret"));
    assertThat(origin.seen()).hasSize(1);
    assertThat(origin.seen().get(0).headers())
        .doesNotContainKeys("proxy-authorization", "authorization");
  }

  @Test
  void fetchesThroughASocks5ProxyWithUsernameAndPassword() throws Exception {
    TestSocks5Proxy proxy = new TestSocks5Proxy("bob", "pa55");
    closeables.add(proxy);
    PageFetcher fetcher =
        fetcher(LOOPBACK_ALLOWED, "round-robin", 3, "socks5://bob:pa55@127.0.0.1:" + proxy.port());

    HttpPage page = get(fetcher, origin.url("/b"));

    assertThat(page.status()).isEqualTo(200);
    assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo("ok /b");
    assertThat(page.proxyId()).isEqualTo("socks5://127.0.0.1:" + proxy.port());
    assertThat(proxy.seen())
        .containsExactly(new TestSocks5Proxy.Seen("bob", "pa55", 1, "127.0.0.1:" + origin.port()));
    assertThat(origin.seen()).hasSize(1);
    assertThat(origin.seen().get(0).headers())
        .doesNotContainKeys("proxy-authorization", "authorization");
  }

  @Test
  void keepsProxyCredentialsOutOfTheTunnelToAnHttpsOrigin(@TempDir Path dir) throws Exception {
    TlsFiles tls = TlsFiles.create(dir);
    RecordingOrigin secure = new RecordingOrigin("127.0.0.1", tls.keyStore(), tls.password());
    TestHttpProxy proxy = new TestHttpProxy("alice", "s3cret");
    closeables.addAll(List.of(secure, proxy));
    Map<String, String> saved = new HashMap<>();
    // The fetcher trusts the JDK's default trust store: point it at the test certificate.
    Map<String, String> trust =
        Map.of(
            "javax.net.ssl.trustStore", tls.trustStore().toString(),
            "javax.net.ssl.trustStorePassword", tls.password(),
            "javax.net.ssl.trustStoreType", "PKCS12");
    trust.keySet().forEach(key -> saved.put(key, System.getProperty(key)));
    trust.forEach(System::setProperty);
    HttpPage page;
    try {
      PageFetcher fetcher =
          fetcher(
              LOOPBACK_ALLOWED, "round-robin", 3, "http://alice:s3cret@127.0.0.1:" + proxy.port());
      page = get(fetcher, secure.url("/tls"));
    } finally {
      saved.forEach(
          (key, value) -> {
            if (value == null) {
              System.clearProperty(key);
            } else {
              System.setProperty(key, value);
            }
          });
    }

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.proxyId()).isEqualTo("http://127.0.0.1:" + proxy.port());
    assertThat(proxy.seen())
        .extracting(TestHttpProxy.Seen::requestLine)
        .containsExactly("CONNECT 127.0.0.1:" + secure.port() + " HTTP/1.1");
    assertThat(proxy.seen().get(0).headers())
        .containsEntry("proxy-authorization", basic("alice", "s3cret"));
    assertThat(secure.seen()).extracting(RecordingOrigin.Seen::path).containsExactly("/tls");
    assertThat(secure.seen().get(0).headers())
        .doesNotContainKeys("proxy-authorization", "authorization");
  }

  @Test
  void letsTheSocks5ProxyResolveHostNames() throws Exception {
    TestSocks5Proxy proxy = new TestSocks5Proxy("bob", "pa55");
    closeables.add(proxy);
    PageFetcher fetcher =
        fetcher(LOOPBACK_ALLOWED, "round-robin", 3, "socks5://bob:pa55@127.0.0.1:" + proxy.port());

    HttpPage page = get(fetcher, "http://localhost:" + origin.port() + "/named");

    assertThat(page.status()).isEqualTo(200);
    assertThat(proxy.seen())
        .containsExactly(new TestSocks5Proxy.Seen("bob", "pa55", 3, "localhost:" + origin.port()));
  }

  @Test
  void neverSendsOneProxysCredentialsToAnother() throws Exception {
    TestHttpProxy a = new TestHttpProxy("user-a", "pass-a");
    TestHttpProxy b = new TestHttpProxy("user-b", "pass-b");
    TestSocks5Proxy c = new TestSocks5Proxy("user-c", "pass-c");
    closeables.addAll(List.of(a, b, c));
    PageFetcher fetcher =
        fetcher(
            LOOPBACK_ALLOWED,
            "round-robin",
            3,
            "http://user-a:pass-a@127.0.0.1:" + a.port(),
            "http://user-b:pass-b@127.0.0.1:" + b.port(),
            "socks5://user-c:pass-c@127.0.0.1:" + c.port());

    List<String> proxyIds = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      proxyIds.add(get(fetcher, origin.url("/p" + i)).proxyId());
    }

    String idA = "http://127.0.0.1:" + a.port();
    String idB = "http://127.0.0.1:" + b.port();
    String idC = "socks5://127.0.0.1:" + c.port();
    assertThat(proxyIds).containsExactly(idA, idB, idC, idA, idB, idC);
    assertThat(a.seen())
        .extracting(s -> s.headers().get("proxy-authorization"))
        .containsExactly(basic("user-a", "pass-a"), basic("user-a", "pass-a"));
    assertThat(b.seen())
        .extracting(s -> s.headers().get("proxy-authorization"))
        .containsExactly(basic("user-b", "pass-b"), basic("user-b", "pass-b"));
    assertThat(c.seen()).extracting(TestSocks5Proxy.Seen::user).containsOnly("user-c");
    assertThat(origin.seen()).hasSize(6);
    assertThat(origin.seen())
        .allSatisfy(
            seen ->
                assertThat(seen.headers())
                    .doesNotContainKeys("proxy-authorization", "authorization"));
  }

  @Test
  void benchesAProxyAfterConsecutiveConnectionFailures() throws Exception {
    int closedPort;
    try (ServerSocket socket =
        new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      closedPort = socket.getLocalPort();
    }
    TestHttpProxy good = new TestHttpProxy("u", "p");
    closeables.add(good);
    PageFetcher fetcher =
        fetcher(
            LOOPBACK_ALLOWED,
            "round-robin",
            2,
            "http://u:p@127.0.0.1:" + closedPort,
            "http://u:p@127.0.0.1:" + good.port());

    List<String> outcomes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      try {
        outcomes.add(
            fetcher.fetch(URI.create(origin.url("/x" + i))).get(20, TimeUnit.SECONDS).proxyId());
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(ProxiedException.class);
        assertThat(e.getCause().getCause()).isInstanceOf(ConnectException.class);
        outcomes.add("failed via " + ((ProxiedException) e.getCause()).proxyId());
      }
    }

    String goodId = "http://127.0.0.1:" + good.port();
    String failed = "failed via http://127.0.0.1:" + closedPort;
    // Round robin: bad, good, bad (second failure: benched), then good only.
    assertThat(outcomes)
        .containsExactly(failed, goodId, failed, goodId, goodId, goodId, goodId, goodId);
    String badId = "http://127.0.0.1:" + closedPort;
    assertThat(proxyMeters())
        .isEqualTo(
            Map.of(
                "trawl.fetch.proxy.requests " + badId, 2.0,
                "trawl.fetch.proxy.failures " + badId, 2.0,
                "trawl.fetch.proxy.benches " + badId, 1.0,
                "trawl.fetch.proxy.benched " + badId, 1.0,
                "trawl.fetch.proxy.requests " + goodId, 6.0,
                "trawl.fetch.proxy.failures " + goodId, 0.0,
                "trawl.fetch.proxy.benches " + goodId, 0.0,
                "trawl.fetch.proxy.benched " + goodId, 0.0));
  }

  /** Every per-proxy meter: "name proxy-tag" to its count or value. */
  private Map<String, Double> proxyMeters() {
    Map<String, Double> meters = new HashMap<>();
    registry.getMeters().stream()
        .filter(m -> m.getId().getName().startsWith("trawl.fetch.proxy."))
        .forEach(
            m ->
                meters.put(
                    m.getId().getName() + " " + m.getId().getTag("proxy"),
                    m.measure().iterator().next().getValue()));
    return meters;
  }

  @Test
  void refusesAGuardedOriginBeforeItReachesTheProxy() throws Exception {
    TestHttpProxy proxy = new TestHttpProxy("u", "p");
    closeables.add(proxy);
    PageFetcher fetcher =
        fetcher(AddressCheck.PUBLIC_ONLY, "round-robin", 3, "http://u:p@127.0.0.1:" + proxy.port());

    Throwable failure = unwrapped(fetcher.fetch(URI.create(origin.url("/guarded"))));
    Throwable odd =
        unwrapped(fetcher.fetch(URI.create("http://2130706433:" + origin.port() + "/odd")));
    Throwable localhost =
        unwrapped(fetcher.fetch(URI.create("http://localhost:" + origin.port() + "/named")));

    assertThat(failure)
        .isInstanceOf(BlockedAddressException.class)
        .hasMessage(
            "address 127.0.0.1 is refused by the address guard; not sent through proxy http://127.0.0.1:"
                + proxy.port());
    assertThat(odd)
        .isInstanceOf(BlockedAddressException.class)
        .hasMessageStartingWith("host '2130706433' is refused by the address guard");
    assertThat(localhost)
        .isInstanceOf(BlockedAddressException.class)
        .hasMessageStartingWith("address 127.0.0.1 is refused by the address guard");
    assertThat(proxy.seen()).isEmpty();
    assertThat(origin.seen()).isEmpty();
  }

  /** The failure a proxied fetch ended with, unwrapped from the proxy it went through. */
  private Throwable unwrapped(CompletableFuture<HttpPage> future) throws Exception {
    Throwable failure = failure(future);
    assertThat(failure).isInstanceOf(ProxiedException.class);
    return failure.getCause();
  }
}
