package dev.trawl.fetch.internal.http;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRules.RobotRulesMode;
import crawlercommons.robots.SimpleRobotRulesParser;
import dev.trawl.runtime.crawl.Urls;
import dev.trawl.schemas.ErrorType;
import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The robots.txt rules of each origin (scheme, host, port), fetched once and shared by every
 * request waiting for them, at most {@link #MAX_ORIGINS}.
 *
 * <p>What a robots.txt fetch ends with decides (RFC 9309, section 2.3.1, as crawlers apply it): 2xx
 * is parsed; 4xx (and a redirect left unfollowed, or more redirects than the fetcher follows: RFC
 * 9309, section 2.3.1.2, lets them count as unavailable) allows everything; both are kept for a
 * day. A 429, a 5xx, a timeout or a refused connection is a temporary state, never a denial: {@link
 * Rules#unavailable} is set, the origin's URLs fail that attempt and are retried, and robots.txt is
 * fetched again once the backoff of its consecutive failures has passed (a Retry-After included).
 * Any other failure (DNS, TLS, a blocked address, a broken response) makes {@link
 * Rules#unreachable} non-null for a minute: the URL fails with it without being requested.
 *
 * <p>Thread-safety: the map is concurrent; an entry's future is completed by an HTTP client thread.
 */
public final class RobotsCache {

  /** Origins cached at most; past it, expired and then arbitrary settled entries are evicted. */
  static final int MAX_ORIGINS = 10_000;

  static final long TTL_NANOS = TimeUnit.HOURS.toNanos(24);
  static final long ERROR_TTL_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** How long an origin waits before robots.txt is fetched again after failures in a row. */
  @FunctionalInterface
  public interface Backoff {
    /**
     * The wait in nanos after {@code failures} consecutive temporary failures, the last answered
     * with {@code retryAfter} (a Retry-After header, or null).
     */
    long nanos(int failures, String retryAfter);
  }

  /**
   * The rules of one origin.
   *
   * @param rules what may be fetched (allow-all while robots.txt is unreachable or unavailable)
   * @param unreachable why robots.txt could not be read at all, or null
   * @param unavailable why robots.txt cannot be read for now, or null
   * @param failures consecutive temporary failures of this origin, this one included
   * @param expiresAt when the entry is fetched again, on the cache's clock
   */
  public record Rules(
      BaseRobotRules rules,
      Throwable unreachable,
      RobotsUnavailableException unavailable,
      int failures,
      long expiresAt) {

    /** Robots.txt Crawl-delay in nanos, or 0 when it sets none. */
    public long crawlDelayNanos() {
      long millis = rules.getCrawlDelay();
      return millis == BaseRobotRules.UNSET_CRAWL_DELAY || millis <= 0
          ? 0
          : TimeUnit.MILLISECONDS.toNanos(millis);
    }
  }

  private final Map<String, CompletableFuture<Rules>> entries = new ConcurrentHashMap<>();
  private final Function<URI, CompletableFuture<HttpPage>> fetch;
  private final List<String> agents;
  private final LongSupplier clock;
  private final Backoff backoff;

  /**
   * @param fetch fetches a robots.txt URL (following redirects)
   * @param agent the agent name looked up in robots.txt
   * @param clock {@link System#nanoTime()} or a test clock
   * @param backoff how long an origin whose robots.txt is unavailable waits before the next fetch
   */
  public RobotsCache(
      Function<URI, CompletableFuture<HttpPage>> fetch,
      String agent,
      LongSupplier clock,
      Backoff backoff) {
    this.fetch = fetch;
    this.agents = List.of(agent.toLowerCase(Locale.ROOT));
    this.clock = clock;
    this.backoff = backoff;
  }

  /** The rules for {@code url}'s origin: cached, being fetched, or fetched now. Never fails. */
  public CompletableFuture<Rules> rulesFor(URI url) {
    String origin = origin(url);
    long now = clock.getAsLong();
    CompletableFuture<Rules> entry = entries.get(origin);
    if (entry != null && !expired(entry, now)) {
      return entry;
    }
    CompletableFuture<Rules> mine = new CompletableFuture<>();
    CompletableFuture<Rules> winner =
        entries.compute(
            origin, (k, old) -> old != null && !expired(old, now) && old != entry ? old : mine);
    if (winner != mine) {
      return winner;
    }
    evictIfFull(now);
    int failuresBefore = entry == null ? 0 : failuresOf(entry);
    URI robots = URI.create(origin + "/robots.txt");
    fetch
        .apply(robots)
        .whenComplete(
            (page, failure) -> {
              try {
                mine.complete(rules(robots, page, failure, failuresBefore));
              } catch (RuntimeException e) {
                // A robots.txt the parser cannot take: its URLs fail with that, for a minute.
                long failedAt = clock.getAsLong();
                mine.complete(new Rules(allowAll(), e, null, 0, failedAt + ERROR_TTL_NANOS));
              }
            });
    return mine;
  }

  /** Origins cached. */
  public int size() {
    return entries.size();
  }

  /** {@code scheme://host:port} of {@code url}, lower case, the port always explicit. */
  static String origin(URI url) {
    String scheme = url.getScheme().toLowerCase(Locale.ROOT);
    int port = url.getPort() >= 0 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
    return scheme + "://" + Urls.host(url) + ":" + port;
  }

  private Rules rules(URI robots, HttpPage page, Throwable failure, int failuresBefore) {
    long now = clock.getAsLong();
    if (page != null && page.status() >= 200 && page.status() < 300) {
      SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
      BaseRobotRules parsed =
          parser.parseContent(robots.toString(), page.body(), page.contentType(), agents);
      return new Rules(parsed, null, null, 0, now + TTL_NANOS);
    }
    if (page != null && page.retryableStatus()) {
      String retryAfter = page.headers().get("retry-after");
      return unavailable(
          page.status(), retryAfter, new HttpStatusException(page.status()), failuresBefore, now);
    }
    ErrorType type = page != null ? null : ErrorTypes.of(failure);
    if (page != null || type == ErrorType.TOO_MANY_REDIRECTS) {
      return new Rules(allowAll(), null, null, 0, now + TTL_NANOS);
    }
    if (type == ErrorType.CONNECT || type == ErrorType.TIMEOUT) {
      return unavailable(0, null, failure, failuresBefore, now);
    }
    return new Rules(allowAll(), failure, null, 0, now + ERROR_TTL_NANOS);
  }

  private Rules unavailable(
      int status, String retryAfter, Throwable cause, int failuresBefore, long now) {
    int failures = failuresBefore + 1;
    long retryAt = now + backoff.nanos(failures, retryAfter);
    return new Rules(
        allowAll(),
        null,
        new RobotsUnavailableException(status, retryAfter, retryAt, cause),
        failures,
        retryAt);
  }

  private static BaseRobotRules allowAll() {
    return new SimpleRobotRules(RobotRulesMode.ALLOW_ALL);
  }

  private static int failuresOf(CompletableFuture<Rules> entry) {
    Rules rules = entry.getNow(null);
    return rules == null ? 0 : rules.failures();
  }

  private static boolean expired(CompletableFuture<Rules> entry, long now) {
    Rules rules = entry.getNow(null);
    return rules != null && now - rules.expiresAt() >= 0;
  }

  private void evictIfFull(long now) {
    if (entries.size() <= MAX_ORIGINS) {
      return;
    }
    entries.values().removeIf(e -> expired(e, now));
    for (Iterator<CompletableFuture<Rules>> it = entries.values().iterator();
        entries.size() > MAX_ORIGINS && it.hasNext(); ) {
      if (it.next().isDone()) {
        it.remove();
      }
    }
  }
}
