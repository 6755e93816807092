package dev.trawl.fetch.internal.http;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.trawl.fetch.FetchSettings;
import dev.trawl.fetch.ScriptedSite;
import dev.trawl.fetch.ScriptedSite.Hit;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.ErrorType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedirectFollowerTest {

  private static final Map<String, String> CREDENTIALS =
      Map.of("Authorization", "Bearer secret", "Cookie", "session=1", "X-Trace", "t1");

  private ScriptedSite site;
  private PageFetcher fetcher;
  private RedirectFollower follower;

  @BeforeEach
  void start() {
    site = new ScriptedSite(2);
    site.on("/robots.txt", 200, "User-agent: *\nDisallow: /private/\n");
    fetcher =
        new PageFetcher(
            FetchSettings.defaults()
                .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(2))
                .with(FetchSettings.TIMEOUT, Duration.ofSeconds(5))
                .with(FetchSettings.MAX_REDIRECTS, 3)
                .fetcherOptions());
    follower =
        new RedirectFollower(
            fetcher,
            new RobotsCache(fetcher::fetchRobots, "trawl", System::nanoTime, (n, after) -> 0),
            System::nanoTime);
  }

  @AfterEach
  void stop() throws Exception {
    fetcher.close();
    site.close();
  }

  private HttpPage fetch(String url, Map<String, String> headers) throws Exception {
    return follower.fetch(URI.create(url), headers).get(20, TimeUnit.SECONDS);
  }

  private Throwable failure(String url) {
    return catchThrowable(
        () -> follower.fetch(URI.create(url), Map.of()).get(20, TimeUnit.SECONDS));
  }

  @Test
  void followsRedirectsAndKeepsTheChain() throws Exception {
    site.on("/a", 301, "", "Location", "/b");
    site.on("/b", 302, "", "Location", site.url(2, "/c"));
    site.on("/c", 200, "done");

    HttpPage page = fetch(site.url(1, "/a"), Map.of());

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.finalUrl()).isEqualTo(site.url(2, "/c"));
    assertThat(page.redirectChain()).containsExactly(site.url(1, "/a"), site.url(1, "/b"));
    assertThat(new String(page.body(), StandardCharsets.UTF_8)).isEqualTo("done");
  }

  @Test
  void checksRobotsTxtAgainOnEveryHop() {
    site.on("/a", 302, "", "Location", site.url(2, "/private/x"));

    Throwable failure = failure(site.url(1, "/a"));

    assertThat(ErrorTypes.of(failure)).isEqualTo(ErrorType.ROBOTS_DENIED);
    assertThat(site.hits(2, "/robots.txt")).hasSize(1);
    assertThat(site.hits(2, "/private/x")).isEmpty();
  }

  @Test
  void refusesADisallowedFirstUrlWithoutRequestingIt() {
    Throwable failure = failure(site.url(1, "/private/y"));

    assertThat(ErrorTypes.of(failure)).isEqualTo(ErrorType.ROBOTS_DENIED);
    assertThat(site.hits(1, "/private/y")).isEmpty();
  }

  @Test
  void keepsCredentialsOnTheSameOriginAndDropsThemAcrossOrigins() throws Exception {
    site.on("/a", 302, "", "Location", "/b");
    site.on("/b", 302, "", "Location", site.url(2, "/c"));
    site.on("/c", 302, "", "Location", site.url(1, "/d"));
    site.on("/d", 200, "done");

    fetch(site.url(1, "/a"), CREDENTIALS);

    assertThat(site.hits(1, "/a")).extracting(Hit::authorization).containsExactly("Bearer secret");
    assertThat(site.hits(1, "/b")).extracting(Hit::authorization).containsExactly("Bearer secret");
    assertThat(site.hits(2, "/c")).extracting(Hit::authorization).containsOnlyNulls().hasSize(1);
    assertThat(site.hits(1, "/d")).extracting(Hit::authorization).containsOnlyNulls().hasSize(1);
  }

  @Test
  void stripsCredentialHeadersOnly() {
    assertThat(RedirectFollower.withoutCredentials(CREDENTIALS)).isEqualTo(Map.of("X-Trace", "t1"));
    assertThat(
            RedirectFollower.sameOrigin(
                URI.create("http://a.test/x"), URI.create("http://A.TEST:80/y")))
        .isTrue();
    assertThat(
            RedirectFollower.sameOrigin(
                URI.create("http://a.test/x"), URI.create("https://a.test/x")))
        .isFalse();
  }

  @Test
  void failsPastTheRedirectLimit() {
    site.on("/loop", 302, "", "Location", "/loop");

    Throwable failure = failure(site.url(1, "/loop"));

    assertThat(ErrorTypes.of(failure)).isEqualTo(ErrorType.TOO_MANY_REDIRECTS);
    assertThat(site.hits(1, "/loop")).hasSize(4);
  }

  @Test
  void publishesARedirectWithoutTargetAsItIs() throws Exception {
    site.on("/nowhere", 302, "moved");

    HttpPage page = fetch(site.url(1, "/nowhere"), Map.of());

    assertThat(page.status()).isEqualTo(302);
    assertThat(page.redirectChain()).isEqualTo(List.of());
  }

  @Test
  void endsARedirectLeavingTheHostScopeWithoutFetchingItsTarget() throws Exception {
    site.on("/a", 301, "", "Location", "/b");
    site.on("/b", 302, "moved", "Location", site.url(2, "/c"));
    site.on("/c", 200, "never");
    RedirectScope scope = new RedirectScope(CrawlScope.HOST, "127.0.0.1");

    Throwable failure =
        catchThrowable(
            () -> follower.fetch(URI.create(site.url(1, "/a")), Map.of(), scope).get(20, SECONDS));

    assertThat(failure).hasCauseInstanceOf(OutOfScopeRedirectException.class);
    OutOfScopeRedirectException redirect = (OutOfScopeRedirectException) failure.getCause();
    assertThat(redirect.chain()).containsExactly(site.url(1, "/a"), site.url(1, "/b"));
    assertThat(redirect.target()).isEqualTo(site.url(2, "/c"));
    assertThat(redirect.status()).isEqualTo(302);
    assertThat(site.hits(2, "/c")).isEmpty();
    assertThat(site.hits(2, "/robots.txt")).isEmpty();
    assertThat(fetcher.budget().held()).isZero();
  }

  @Test
  void followsARedirectWithinTheScopeAndAnywhereForScopeAny() throws Exception {
    site.on("/a", 301, "", "Location", "/b");
    site.on("/b", 200, "same host");
    site.on("/x", 302, "", "Location", site.url(2, "/b"));

    HttpPage sameHost =
        follower
            .fetch(
                URI.create(site.url(1, "/a")),
                Map.of(),
                new RedirectScope(CrawlScope.HOST, "127.0.0.1"))
            .get(20, SECONDS);
    HttpPage anywhere =
        follower
            .fetch(
                URI.create(site.url(1, "/x")),
                Map.of(),
                new RedirectScope(CrawlScope.ANY, "127.0.0.1"))
            .get(20, SECONDS);

    assertThat(sameHost.finalUrl()).isEqualTo(site.url(1, "/b"));
    assertThat(anywhere.finalUrl()).isEqualTo(site.url(2, "/b"));
    assertThat(site.hits(2, "/b")).hasSize(1);
  }
}
