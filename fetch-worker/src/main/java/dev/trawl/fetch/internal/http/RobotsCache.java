package dev.trawl.fetch.internal.http;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRules.RobotRulesMode;
import crawlercommons.robots.SimpleRobotRulesParser;
import dev.trawl.runtime.crawl.Urls;
import java.net.URI;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The robots.txt rules of each origin (scheme, host, port), fetched once and shared by every
 * request waiting for them, cached for a day (errors for a minute), at most {@link #MAX_ORIGINS}.
 *
 * <p>What a robots.txt fetch ends with decides the rules (RFC 9309, section 2.3.1): 2xx is parsed;
 * 4xx (and a redirect left unfollowed) allows everything; 429 and 5xx disallow everything until the
 * error entry expires; no response at all (refused, DNS, timeout) makes {@link Rules#unreachable}
 * non-null, and the URL then fails with that error (retried as such) without being requested.
 *
 * <p>Thread-safety: the map is concurrent; an entry's future is completed by an HTTP client thread.
 */
public final class RobotsCache {

  /** Origins cached at most; past it, expired and then arbitrary settled entries are evicted. */
  static final int MAX_ORIGINS = 10_000;

  static final long TTL_NANOS = TimeUnit.HOURS.toNanos(24);
  static final long ERROR_TTL_NANOS = TimeUnit.MINUTES.toNanos(1);

  /**
   * The rules of one origin.
   *
   * @param rules what may be fetched
   * @param unreachable why robots.txt could not be read at all, or null
   * @param temporary true for rules standing in for an error, cached for a minute only
   */
  public record Rules(BaseRobotRules rules, Throwable unreachable, boolean temporary) {

    /** Robots.txt Crawl-delay in nanos, or 0 when it sets none. */
    public long crawlDelayNanos() {
      long millis = rules.getCrawlDelay();
      return millis == BaseRobotRules.UNSET_CRAWL_DELAY || millis <= 0
          ? 0
          : TimeUnit.MILLISECONDS.toNanos(millis);
    }
  }

  private record Entry(CompletableFuture<Rules> rules, long fetchedAt) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private final Function<URI, CompletableFuture<HttpPage>> fetch;
  private final List<String> agents;
  private final LongSupplier clock;

  /**
   * @param fetch fetches a robots.txt URL (following redirects)
   * @param agent the agent name looked up in robots.txt
   * @param clock {@link System#nanoTime()} or a test clock
   */
  public RobotsCache(
      Function<URI, CompletableFuture<HttpPage>> fetch, String agent, LongSupplier clock) {
    this.fetch = fetch;
    this.agents = List.of(agent.toLowerCase(java.util.Locale.ROOT));
    this.clock = clock;
  }

  /** The rules for {@code url}'s origin: cached, being fetched, or fetched now. Never fails. */
  public CompletableFuture<Rules> rulesFor(URI url) {
    String origin = origin(url);
    long now = clock.getAsLong();
    Entry entry = entries.get(origin);
    if (entry != null && !expired(entry, now)) {
      return entry.rules();
    }
    CompletableFuture<Rules> mine = new CompletableFuture<>();
    Entry fresh = new Entry(mine, now);
    Entry winner =
        entries.compute(
            origin, (k, old) -> old != null && !expired(old, now) && old != entry ? old : fresh);
    if (winner != fresh) {
      return winner.rules();
    }
    evictIfFull(now);
    URI robots = URI.create(origin + "/robots.txt");
    fetch
        .apply(robots)
        .whenComplete((page, failure) -> mine.complete(rules(robots, page, failure)));
    return mine;
  }

  /** Origins cached. */
  public int size() {
    return entries.size();
  }

  /** {@code scheme://host:port} of {@code url}, lower case, the port always explicit. */
  static String origin(URI url) {
    String scheme = url.getScheme().toLowerCase(java.util.Locale.ROOT);
    int port = url.getPort() >= 0 ? url.getPort() : "https".equals(scheme) ? 443 : 80;
    return scheme + "://" + Urls.host(url) + ":" + port;
  }

  private Rules rules(URI robots, HttpPage page, Throwable failure) {
    if (page == null) {
      return new Rules(new SimpleRobotRules(RobotRulesMode.ALLOW_NONE), failure, true);
    }
    int status = page.status();
    if (status >= 200 && status < 300) {
      SimpleRobotRulesParser parser = new SimpleRobotRulesParser();
      return new Rules(
          parser.parseContent(robots.toString(), page.body(), page.contentType(), agents),
          null,
          false);
    }
    if (page.retryableStatus()) {
      return new Rules(new SimpleRobotRules(RobotRulesMode.ALLOW_NONE), null, true);
    }
    return new Rules(new SimpleRobotRules(RobotRulesMode.ALLOW_ALL), null, false);
  }

  private static boolean expired(Entry entry, long now) {
    if (!entry.rules().isDone()) {
      return false;
    }
    Rules rules = entry.rules().getNow(null);
    boolean error = rules == null || rules.temporary();
    return now - entry.fetchedAt() > (error ? ERROR_TTL_NANOS : TTL_NANOS);
  }

  private void evictIfFull(long now) {
    if (entries.size() <= MAX_ORIGINS) {
      return;
    }
    entries.values().removeIf(e -> expired(e, now));
    for (Iterator<Entry> it = entries.values().iterator();
        entries.size() > MAX_ORIGINS && it.hasNext(); ) {
      if (it.next().rules().isDone()) {
        it.remove();
      }
    }
  }
}
