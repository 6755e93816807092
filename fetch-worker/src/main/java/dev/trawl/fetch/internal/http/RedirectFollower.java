package dev.trawl.fetch.internal.http;

import dev.trawl.runtime.crawl.Urls;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Fetches a URL hop by hop: before each request (the first and every redirect target) the crawl
 * scope and robots.txt of that origin are checked, and credentials ({@code Authorization}, {@code
 * Proxy-Authorization}, {@code Cookie}) are dropped as soon as a redirect leaves the origin they
 * were meant for. The address check applies per connection in the HTTP client, so every hop is
 * covered by it too.
 *
 * <p>Thread-safety: stateless apart from its collaborators; callbacks run on HTTP client threads
 * and never block.
 */
public final class RedirectFollower {

  /** Headers that must not follow a redirect to another origin (lower case). */
  static final Set<String> CREDENTIALS = Set.of("authorization", "proxy-authorization", "cookie");

  private final PageFetcher fetcher;
  private final RobotsCache robots;
  private final LongSupplier clock;

  /**
   * @param robots the robots.txt rules to obey, or null to obey none
   * @param clock {@link System#nanoTime()} or a test clock, for the total timeout
   */
  public RedirectFollower(PageFetcher fetcher, RobotsCache robots, LongSupplier clock) {
    this.fetcher = fetcher;
    this.robots = robots;
    this.clock = clock;
  }

  /** Like {@link #fetch(URI, Map, RedirectScope)}, with redirects allowed anywhere. */
  public CompletableFuture<HttpPage> fetch(URI url, Map<String, String> headers) {
    return fetch(url, headers, RedirectScope.ANY);
  }

  /**
   * Fetches {@code url} with {@code headers}; completes with the final page (its redirect chain
   * filled in) or with the failure: {@link RobotsDeniedException} for a hop robots.txt forbids,
   * {@link OutOfScopeRedirectException} for a redirect leaving {@code scope} (its target is not
   * fetched), {@link TooManyRedirectsException} past the limit, {@link RobotsUnavailableException}
   * while a robots.txt is unavailable (429, 5xx, timeout, refused), the robots.txt fetch's own
   * failure when it was unreachable otherwise, else whatever the request failed with. Time spent
   * waiting for robots.txt does not count against the fetch's timeout. The body of every redirect
   * followed is released from the budget. Never throws.
   */
  public CompletableFuture<HttpPage> fetch(
      URI url, Map<String, String> headers, RedirectScope scope) {
    long deadline = clock.getAsLong() + fetcher.timeoutMillis() * 1_000_000L;
    return hop(url, headers, scope, new ArrayList<>(), deadline);
  }

  /**
   * One request, once robots.txt allows it; the time spent waiting for robots.txt (which has a
   * timeout of its own) moves the deadline, so a slow robots.txt never eats the page's time.
   */
  private CompletableFuture<HttpPage> hop(
      URI url,
      Map<String, String> headers,
      RedirectScope scope,
      List<String> chain,
      long deadline) {
    long askedAt = clock.getAsLong();
    return allowed(url)
        .thenCompose(
            ok -> {
              long now = clock.getAsLong();
              long moved = deadline + (now - askedAt);
              return fetcher
                  .fetchHop(url, headers, (moved - now) / 1_000_000L)
                  .thenCompose(page -> next(url, page, headers, scope, chain, moved));
            });
  }

  private CompletableFuture<HttpPage> next(
      URI url,
      HttpPage page,
      Map<String, String> headers,
      RedirectScope scope,
      List<String> chain,
      long deadline) {
    String location = page.headers().get("location");
    URI target = isRedirect(page.status()) && location != null ? resolve(url, location) : null;
    if (target == null || fetcher.maxRedirects() == 0) {
      return CompletableFuture.completedFuture(withChain(page, chain));
    }
    fetcher.release(page); // A redirect's body is never kept.
    chain.add(url.toString());
    if (!scope.allows(Urls.host(target))) {
      return CompletableFuture.failedFuture(
          new OutOfScopeRedirectException(chain, target.toString(), page.status(), page.proxyId()));
    }
    if (chain.size() > fetcher.maxRedirects()) {
      return CompletableFuture.failedFuture(
          new TooManyRedirectsException(
              "more than " + fetcher.maxRedirects() + " redirects, last from " + url, null));
    }
    return hop(
        target,
        sameOrigin(url, target) ? headers : withoutCredentials(headers),
        scope,
        chain,
        deadline);
  }

  private CompletableFuture<Object> allowed(URI url) {
    if (robots == null) {
      return CompletableFuture.completedFuture(null);
    }
    return robots
        .rulesFor(url)
        .thenCompose(
            rules -> {
              if (rules.unreachable() != null) {
                return CompletableFuture.failedFuture(rules.unreachable());
              }
              if (rules.unavailable() != null) {
                return CompletableFuture.failedFuture(rules.unavailable());
              }
              if (!rules.rules().isAllowed(url.toString())) {
                return CompletableFuture.failedFuture(
                    new RobotsDeniedException("robots.txt forbids " + url));
              }
              return CompletableFuture.completedFuture(null);
            });
  }

  /** The redirect target, or null when it is not a valid http(s) URL (the 3xx is then final). */
  private static URI resolve(URI from, String location) {
    try {
      return Urls.fetchable(from.resolve(location.trim()).toString());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static boolean sameOrigin(URI a, URI b) {
    return RobotsCache.origin(a).equals(RobotsCache.origin(b));
  }

  static Map<String, String> withoutCredentials(Map<String, String> headers) {
    Map<String, String> kept = new HashMap<>();
    headers.forEach(
        (name, value) -> {
          if (!CREDENTIALS.contains(name.toLowerCase(Locale.ROOT))) {
            kept.put(name, value);
          }
        });
    return kept;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static HttpPage withChain(HttpPage page, List<String> chain) {
    return chain.isEmpty() ? page : page.withRedirectChain(List.copyOf(chain));
  }
}
