package dev.trawl.fetch.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RobotsCacheTest {

  private static final String ROBOTS =
      "User-agent: trawl\nDisallow: /private/\nCrawl-delay: 2\n\nUser-agent: *\nDisallow: /\n";

  /** Robots.txt fetches asked for, each completed by the test. */
  private final List<URI> requested = new ArrayList<>();

  private final List<CompletableFuture<HttpPage>> pending = new ArrayList<>();
  private long now;

  /** A second per failure in a row, or what Retry-After asks (in seconds). */
  private static long backoff(int failures, String retryAfter) {
    return TimeUnit.SECONDS.toNanos(retryAfter != null ? Long.parseLong(retryAfter) : failures);
  }

  private RobotsCache cache(String agent) {
    return new RobotsCache(
        uri -> {
          requested.add(uri);
          CompletableFuture<HttpPage> future = new CompletableFuture<>();
          pending.add(future);
          return future;
        },
        agent,
        () -> now,
        RobotsCacheTest::backoff);
  }

  private static HttpPage page(int status, String body, String... headers) {
    Map<String, String> fields = new java.util.HashMap<>();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      fields.put(headers[i], headers[i + 1]);
    }
    return new HttpPage(
        status,
        "http://a/robots.txt",
        List.of(),
        fields,
        "text/plain",
        body.getBytes(StandardCharsets.UTF_8),
        false);
  }

  private static boolean allowed(CompletableFuture<RobotsCache.Rules> rules, String url) {
    return done(rules).rules().isAllowed(url);
  }

  /** The rules {@code future} holds: the fetch it waited for has been completed by the test. */
  private static RobotsCache.Rules done(CompletableFuture<RobotsCache.Rules> future) {
    assertThat(future).isDone();
    return future.getNow(null);
  }

  @Test
  void fetchesRobotsTxtOncePerOriginForEveryoneWaiting() {
    RobotsCache cache = cache("trawl");

    CompletableFuture<RobotsCache.Rules> first = cache.rulesFor(URI.create("http://a.test/x"));
    CompletableFuture<RobotsCache.Rules> second = cache.rulesFor(URI.create("http://A.test:80/y"));
    cache.rulesFor(URI.create("https://a.test/z"));
    cache.rulesFor(URI.create("http://a.test:8080/z"));

    assertThat(requested)
        .containsExactly(
            URI.create("http://a.test:80/robots.txt"),
            URI.create("https://a.test:443/robots.txt"),
            URI.create("http://a.test:8080/robots.txt"));
    assertThat(first).isNotDone();
    pending.get(0).complete(page(200, ROBOTS));
    assertThat(second).isDone();
    assertThat(allowed(first, "http://a.test/private/1")).isFalse();
    assertThat(allowed(first, "http://a.test/public/1")).isTrue();
    assertThat(done(first).crawlDelayNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(2));
  }

  @Test
  void looksUpTheConfiguredAgentName() {
    RobotsCache cache = cache("otherbot");
    CompletableFuture<RobotsCache.Rules> rules = cache.rulesFor(URI.create("http://a.test/x"));
    pending.get(0).complete(page(200, ROBOTS));

    assertThat(allowed(rules, "http://a.test/public/1")).isFalse();
    assertThat(done(rules).crawlDelayNanos()).isZero();
  }

  @Test
  void allowsEverythingWhenRobotsTxtIsMissingOrForbidden() {
    RobotsCache cache = cache("trawl");
    CompletableFuture<RobotsCache.Rules> rules = cache.rulesFor(URI.create("http://a.test/x"));
    CompletableFuture<RobotsCache.Rules> forbidden = cache.rulesFor(URI.create("http://b.test/x"));
    pending.get(0).complete(page(404, "none"));
    pending.get(1).complete(page(403, "forbidden"));

    assertThat(allowed(rules, "http://a.test/anything")).isTrue();
    assertThat(done(rules).unreachable()).isNull();
    assertThat(done(rules).unavailable()).isNull();
    assertThat(allowed(forbidden, "http://b.test/anything")).isTrue();
    assertThat(done(forbidden).unavailable()).isNull();
  }

  @Test
  void allowsEverythingWhenRobotsTxtRedirectsTooOften() {
    RobotsCache cache = cache("trawl");
    CompletableFuture<RobotsCache.Rules> rules = cache.rulesFor(URI.create("http://a.test/x"));
    pending
        .get(0)
        .completeExceptionally(
            new TooManyRedirectsException("more than 5 redirects", new RuntimeException("loop")));

    assertThat(allowed(rules, "http://a.test/anything")).isTrue();
    assertThat(done(rules).unreachable()).isNull();
    assertThat(done(rules).unavailable()).isNull();
    now += RobotsCache.TTL_NANOS - 1;
    cache.rulesFor(URI.create("http://a.test/y"));
    assertThat(requested).hasSize(1);
  }

  @Test
  void makesA429Or5xxUnavailableUntilItsBackoffEndsNeverADenial() {
    RobotsCache cache = cache("trawl");
    CompletableFuture<RobotsCache.Rules> first = cache.rulesFor(URI.create("http://a.test/x"));
    pending.get(0).complete(page(503, "busy", "retry-after", "7"));

    RobotsUnavailableException down = done(first).unavailable();
    assertThat(down)
        .hasMessage("robots.txt unavailable: HTTP 503")
        .hasCauseInstanceOf(HttpStatusException.class);
    assertThat(List.of(down.status(), down.retryAfter(), down.retryAtNanos()))
        .containsExactly(503, "7", TimeUnit.SECONDS.toNanos(7));
    assertThat(done(first).unreachable()).isNull();
    assertThat(allowed(first, "http://a.test/anything")).isTrue(); // Never a denial.

    now += TimeUnit.SECONDS.toNanos(7) - 1;
    assertThat(cache.rulesFor(URI.create("http://a.test/y"))).isSameAs(first);
    now += 1;
    CompletableFuture<RobotsCache.Rules> second = cache.rulesFor(URI.create("http://a.test/y"));
    pending.get(1).complete(page(500, "down"));
    // Two failures in a row, no Retry-After: two seconds of backoff.
    assertThat(done(second).failures()).isEqualTo(2);
    assertThat(done(second).unavailable().retryAtNanos())
        .isEqualTo(now + TimeUnit.SECONDS.toNanos(2));

    now += TimeUnit.SECONDS.toNanos(2);
    CompletableFuture<RobotsCache.Rules> third = cache.rulesFor(URI.create("http://a.test/z"));
    pending.get(2).complete(page(200, "User-agent: *\nDisallow: /z\n"));
    assertThat(done(third).unavailable()).isNull();
    assertThat(done(third).failures()).isZero();
    assertThat(allowed(third, "http://a.test/z")).isFalse();
    assertThat(requested).hasSize(3);
  }

  @Test
  void makesARefusedConnectionOrATimeoutUnavailableToo() {
    RobotsCache cache = cache("trawl");
    CompletableFuture<RobotsCache.Rules> refusedRules =
        cache.rulesFor(URI.create("http://a.test/"));
    CompletableFuture<RobotsCache.Rules> timedOutRules =
        cache.rulesFor(URI.create("http://b.test/"));
    ConnectException refused = new ConnectException("Connection refused");
    pending.get(0).completeExceptionally(refused);
    pending.get(1).completeExceptionally(new TimeoutException("Total timeout 10000 ms elapsed"));

    assertThat(done(refusedRules).unavailable())
        .hasMessage("robots.txt unavailable: ConnectException: Connection refused")
        .hasCause(refused);
    assertThat(done(refusedRules).unavailable().status()).isZero();
    assertThat(done(timedOutRules).unavailable())
        .hasMessage("robots.txt unavailable: TimeoutException: Total timeout 10000 ms elapsed");
    assertThat(done(refusedRules).unreachable()).isNull();
  }

  @Test
  void reportsAnUnreachableServerAndAsksAgainAfterAMinute() {
    RobotsCache cache = cache("trawl");
    CompletableFuture<RobotsCache.Rules> rules = cache.rulesFor(URI.create("http://a.test/x"));
    UnknownHostException unknown = new UnknownHostException("a.test");
    pending.get(0).completeExceptionally(unknown);

    assertThat(done(rules).unreachable()).isSameAs(unknown);
    assertThat(done(rules).unavailable()).isNull();
    now += TimeUnit.SECONDS.toNanos(59);
    cache.rulesFor(URI.create("http://a.test/y"));
    assertThat(requested).hasSize(1);
    now += TimeUnit.SECONDS.toNanos(1);
    cache.rulesFor(URI.create("http://a.test/y"));
    assertThat(requested).hasSize(2);
  }

  @Test
  void keepsParsedRulesForADay() {
    RobotsCache cache = cache("trawl");
    cache.rulesFor(URI.create("http://a.test/x"));
    pending.get(0).complete(page(200, "User-agent: *\nDisallow: /\n"));

    now += TimeUnit.HOURS.toNanos(23);
    cache.rulesFor(URI.create("http://a.test/y"));
    assertThat(requested).hasSize(1);
    now += TimeUnit.HOURS.toNanos(2);
    cache.rulesFor(URI.create("http://a.test/y"));
    assertThat(requested).hasSize(2);
  }

  @Test
  void holdsAtMostTheMaximumNumberOfOrigins() {
    RobotsCache cache = cache("trawl");
    for (int i = 0; i <= RobotsCache.MAX_ORIGINS + 10; i++) {
      cache.rulesFor(URI.create("http://h" + i + ".test/x"));
      pending.get(i).complete(page(404, ""));
    }

    assertThat(cache.size()).isLessThanOrEqualTo(RobotsCache.MAX_ORIGINS + 1);
  }
}
