package dev.trawl.fetch.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.fetch.AddressCheck;
import dev.trawl.fetch.FetchSettings;
import dev.trawl.fetch.internal.outcome.FetchOutcomes;
import dev.trawl.fetch.internal.outcome.Outcome;
import dev.trawl.fetch.internal.proxy.RecordingOrigin;
import dev.trawl.runtime.net.BlockedAddressException;
import dev.trawl.runtime.net.HostResolver;
import dev.trawl.schemas.AvroSerde;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guard over real sockets, with loopback forms only: origins on 127.0.0.1 and 127.0.0.2. Forms
 * that Java would send elsewhere ({@code 0177.0.0.1} is 177.0.0.1 to Java, {@code 0x7f.1} goes to
 * DNS) are tested at the resolver only (CheckedAddressResolverTest).
 */
class AddressGuardFetchTest {

  static {
    // Requests are built here before any serde loads; Avro must trust Trawl's types first.
    AvroSerde.trustTrawlRecords();
  }

  private static final FetchSettings SETTINGS =
      FetchSettings.defaults()
          .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(2))
          .with(FetchSettings.TIMEOUT, Duration.ofSeconds(5));

  private static RecordingOrigin one;
  private static RecordingOrigin two;
  private PageFetcher fetcher;

  @BeforeAll
  static void startOrigins() {
    one = new RecordingOrigin("127.0.0.1");
    two = new RecordingOrigin("127.0.0.2");
  }

  @AfterAll
  static void stopOrigins() throws Exception {
    one.close();
    two.close();
  }

  @AfterEach
  void closeFetcher() {
    if (fetcher != null) {
      fetcher.close();
    }
  }

  private CompletableFuture<HttpPage> fetch(AddressCheck check, String url) {
    return fetch(check, HostResolver.SYSTEM, url);
  }

  private CompletableFuture<HttpPage> fetch(AddressCheck check, HostResolver resolver, String url) {
    if (fetcher != null) {
      fetcher.close();
    }
    fetcher =
        new PageFetcher(SETTINGS.fetcherOptions(), check, new SimpleMeterRegistry(), resolver);
    return fetcher.fetch(URI.create(url));
  }

  private static Throwable failure(CompletableFuture<HttpPage> future) throws Exception {
    try {
      HttpPage page = future.get(20, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got status " + page.status());
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  private static int seen(RecordingOrigin origin, String path) {
    return (int) origin.seen().stream().filter(s -> s.path().equals(path)).count();
  }

  @Test
  void refusesALoopbackLiteralWithTheGuardOnAndPublishesBlocked() throws Exception {
    String url = one.url("/guarded");

    Throwable failure = failure(fetch(AddressCheck.PUBLIC_ONLY, url));
    FetchRequest request =
        FetchRequest.newBuilder()
            .setUrl(url)
            .setHost("127.0.0.1")
            .setCrawlId("t")
            .setEnqueuedAt(0)
            .build();
    Outcome outcome = FetchOutcomes.of(request, null, failure, 3, 1000);

    // Jetty hands IP literals to the resolver too: the guard is not bypassed for them.
    assertThat(failure).isInstanceOf(BlockedAddressException.class);
    assertThat(outcome).isInstanceOf(Outcome.Page.class);
    FetchResult result = ((Outcome.Page) outcome).result();
    assertThat(result.getOutcome()).isEqualTo(FetchOutcome.BLOCKED);
    assertThat(result.getStatus()).isZero();
    assertThat(result.getError().getType()).isEqualTo(ErrorType.BLOCKED);
    assertThat(result.getError().getMessage())
        .isEqualTo(
            "BlockedAddressException: every address of 127.0.0.1 is refused by the address"
                + " guard: 127.0.0.1 (loopback)");
    assertThat(seen(one, "/guarded")).isZero();
  }

  @Test
  void fetchesLoopbackWhenThePrivateNetworkOrItsBlockIsAllowed() throws Exception {
    HttpPage viaPrivate =
        fetch(AddressCheck.guard(true, List.of()), one.url("/private")).get(20, TimeUnit.SECONDS);
    HttpPage viaBlock =
        fetch(AddressCheck.guard(false, List.of("127.0.0.0/8")), one.url("/block"))
            .get(20, TimeUnit.SECONDS);

    assertThat(viaPrivate.status()).isEqualTo(200);
    assertThat(viaBlock.status()).isEqualTo(200);
    assertThat(seen(one, "/private")).isEqualTo(1);
    assertThat(seen(one, "/block")).isEqualTo(1);
  }

  @Test
  void refusesARedirectFromAnAllowedHostToALoopbackAddress() throws Exception {
    AddressCheck onlyTwo = AddressCheck.guard(false, List.of("127.0.0.2/32"));
    String target = one.url("/secret");
    String url = two.url("/redirect?to=" + URLEncoder.encode(target, StandardCharsets.UTF_8));

    Throwable failure = failure(fetch(onlyTwo, url));
    Throwable hop = failure(fetcher.fetchHop(URI.create(target), Map.of(), 5_000));

    assertThat(failure)
        .isInstanceOf(BlockedAddressException.class)
        .hasMessage(
            "every address of 127.0.0.1 is refused by the address guard: 127.0.0.1 (loopback)");
    assertThat(hop).isInstanceOf(BlockedAddressException.class);
    assertThat(seen(two, "/redirect")).isEqualTo(1);
    assertThat(seen(one, "/secret")).isZero();
  }

  @Test
  void refusesLoopbackSpelledOddlyOrAsIpv6EvenWithThePrivateNetworkAllowed() throws Exception {
    int port = one.port();
    List<String> urls =
        List.of(
            "http://2130706433:" + port + "/odd",
            "http://[::ffff:127.0.0.1]:" + port + "/odd",
            "http://[::1]:" + port + "/odd",
            "http://localhost:" + port + "/odd");
    Map<String, String> refusals = new LinkedHashMap<>();
    List<String> notBlocked = new ArrayList<>();
    for (String url : urls) {
      Throwable failure = failure(fetch(AddressCheck.PUBLIC_ONLY, url));
      if (failure instanceof BlockedAddressException) {
        refusals.put(url, failure.getMessage());
      } else {
        notBlocked.add(url + ": " + failure);
      }
    }
    Throwable oddEvenWhenAllowed =
        failure(fetch(AddressCheck.guard(true, List.of("0.0.0.0/0")), urls.get(0)));
    // java.net.URI finds no host in 127.1 (nor in 0x7f.1): such a URL never gets a connection.
    Throwable noHost = failure(fetch(AddressCheck.ALLOW_ALL, "http://127.1:" + port + "/odd"));

    assertThat(notBlocked).isEmpty();
    assertThat(refusals.get(urls.get(0)))
        .isEqualTo(
            "host '2130706433' is refused by the address guard: a numeric host must be a"
                + " canonical dotted quad such as 127.0.0.1");
    assertThat(refusals).hasSize(4);
    assertThat(oddEvenWhenAllowed).isInstanceOf(BlockedAddressException.class);
    assertThat(noHost)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid URI host: null (authority: 127.1:" + port + ")");
    assertThat(seen(one, "/odd")).isZero();
  }

  @Test
  void resolvesNamesWithTheGivenResolverAndChecksEveryAddressItGives() throws Exception {
    List<String> asked = new CopyOnWriteArrayList<>();
    Map<String, String> names = Map.of("origin.test", "127.0.0.1", "inside.test", "10.0.0.1");
    HostResolver mapping =
        host -> {
          asked.add(host);
          String address = names.get(host);
          if (address == null) {
            throw new UnknownHostException(host + ": not in the test mapping");
          }
          return List.of(InetAddress.getByName(address));
        };
    AddressCheck loopbackOnly = AddressCheck.guard(false, List.of("127.0.0.0/8"));
    int port = one.port();

    HttpPage named =
        fetch(loopbackOnly, mapping, "http://origin.test:" + port + "/named")
            .get(20, TimeUnit.SECONDS);
    Throwable inside = failure(fetch(loopbackOnly, mapping, "http://inside.test:" + port + "/in"));
    Throwable nowhere = failure(fetch(loopbackOnly, mapping, "http://nowhere.test:" + port + "/"));

    assertThat(named.status()).isEqualTo(200);
    assertThat(seen(one, "/named")).isEqualTo(1);
    assertThat(inside)
        .isInstanceOf(BlockedAddressException.class)
        .hasMessage(
            "every address of inside.test is refused by the address guard: 10.0.0.1 (private)");
    assertThat(nowhere)
        .isInstanceOf(UnknownHostException.class)
        .hasMessage("nowhere.test: not in the test mapping");
    assertThat(ErrorTypes.of(nowhere)).isEqualTo(ErrorType.DNS);
    assertThat(asked).containsExactly("origin.test", "inside.test", "nowhere.test");
  }
}
