package dev.trawl.fetch.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RobotsCacheTest {

  private static final String ROBOTS =
      "User-agent: trawl\nDisallow: /private/\nCrawl-delay: 2\n\nUser-agent: *\nDisallow: /\n";

  /** Robots.txt fetches asked for, each completed by the test. */
  private final List<URI> requested = new ArrayList<>();

  private final List<CompletableFuture<HttpPage>> pending = new ArrayList<>();
  private long now;

  private RobotsCache cache(String agent) {
    return new RobotsCache(
        uri -> {
          requested.add(uri);
          CompletableFuture<HttpPage> future = new CompletableFuture<>();
          pending.add(future);
          return future;
        },
        agent,
        () -> now);
  }

  private static HttpPage page(int status, String body) {
    return new HttpPage(
        status,
        "http://a/robots.txt",
        List.of(),
        Map.of(),
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
  void allowsEverythingWhenRobotsTxtIsMissing() {
    RobotsCache cache = cache("trawl");
    CompletableFuture<RobotsCache.Rules> rules = cache.rulesFor(URI.create("http://a.test/x"));
    pending.get(0).complete(page(404, "none"));

    assertThat(allowed(rules, "http://a.test/anything")).isTrue();
    assertThat(done(rules).unreachable()).isNull();
  }

  @Test
  void disallowsEverythingForAMinuteAfterAServerError() {
    RobotsCache cache = cache("trawl");
    CompletableFuture<RobotsCache.Rules> rules = cache.rulesFor(URI.create("http://a.test/x"));
    pending.get(0).complete(page(503, "busy"));

    assertThat(allowed(rules, "http://a.test/anything")).isFalse();
    now += TimeUnit.SECONDS.toNanos(60);
    assertThat(cache.rulesFor(URI.create("http://a.test/y"))).isSameAs(rules);
    now += TimeUnit.SECONDS.toNanos(1);
    cache.rulesFor(URI.create("http://a.test/y"));
    assertThat(requested).hasSize(2);
  }

  @Test
  void reportsAnUnreachableServerAndAsksAgainAfterAMinute() {
    RobotsCache cache = cache("trawl");
    CompletableFuture<RobotsCache.Rules> rules = cache.rulesFor(URI.create("http://a.test/x"));
    ConnectException refused = new ConnectException("refused");
    pending.get(0).completeExceptionally(refused);

    assertThat(done(rules).unreachable()).isSameAs(refused);
    now += TimeUnit.SECONDS.toNanos(61);
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
