package dev.trawl.fetch;

import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import java.time.Duration;
import java.util.List;

/**
 * How politely and how persistently a fetch worker fetches: each setting is defined here once, and
 * the command line, the environment and the configuration reference read these definitions.
 *
 * @param config values of {@link #SETTINGS}; others it holds are left out
 */
public record FetchPolicy(Config config) {

  /** A robots.txt Crawl-delay raises it for that host, never lowers it. */
  public static final Setting<Duration> HOST_DELAY =
      Setting.of("fetcher.host.delay.ms", "--host-delay-ms", ValueType.MILLIS)
          .defaultValue(Duration.ZERO)
          .atLeast(0)
          .doc(
              "Minimum time between two request starts to one host; robots.txt Crawl-delay raises"
                  + " it.");

  public static final Setting<Boolean> ROBOTS =
      Setting.of("fetcher.robots", "--robots", ValueType.BOOLEAN)
          .defaultValue(true)
          .doc("Fetch and obey robots.txt; --no-robots ignores it.");

  public static final Setting<String> ROBOTS_AGENT =
      Setting.of("fetcher.robots.agent", "--robots-agent", ValueType.TEXT)
          .defaultValue("trawl")
          .notEmpty()
          .label("NAME")
          .doc("Agent name looked up in robots.txt.");

  /** Not the page's --timeout-ms, which starts once the rules are known. */
  public static final Setting<Duration> ROBOTS_TIMEOUT =
      Setting.of("fetcher.robots.timeout.ms", "--robots-timeout-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(10))
          .atLeast(1)
          .doc(
              "Total time of one robots.txt fetch; a page's --timeout-ms starts once its robots.txt"
                  + " is known.");

  public static final Setting<Integer> MAX_ATTEMPTS =
      Setting.of("fetcher.max.attempts", "--max-attempts", ValueType.INT)
          .defaultValue(3)
          .atLeast(1)
          .doc(
              "Attempts per URL for connection errors, timeouts, 429 and 5xx, of the page or of"
                  + " its robots.txt; 1 disables retries.");

  public static final Setting<Duration> RETRY_BASE_DELAY =
      Setting.of("fetcher.retry.base.delay.ms", "--retry-base-delay-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(1))
          .atLeast(0)
          .doc("Backoff of the first retry, doubled per attempt, with full jitter.");

  public static final Setting<Duration> RETRY_MAX_DELAY =
      Setting.of("fetcher.retry.max.delay.ms", "--retry-max-delay-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(30))
          .atLeast(0)
          .doc("Cap of a retry delay, Retry-After included.");

  /** Outcomes of fetches still running after it are dropped: the next owner fetches again. */
  public static final Setting<Duration> REVOKE_GRACE =
      Setting.of("fetcher.revoke.grace.ms", "--revoke-grace-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(2))
          .atLeast(0)
          .doc("On partition revocation, how long their requests in flight may finish.");

  public static final List<Setting<?>> SETTINGS =
      List.of(
          HOST_DELAY,
          ROBOTS,
          ROBOTS_AGENT,
          ROBOTS_TIMEOUT,
          MAX_ATTEMPTS,
          RETRY_BASE_DELAY,
          RETRY_MAX_DELAY,
          REVOKE_GRACE);

  /**
   * @throws IllegalArgumentException when the retry cap is below the first retry's backoff
   */
  public FetchPolicy {
    config = config.select(SETTINGS);
    Duration base = config.get(RETRY_BASE_DELAY);
    Duration max = config.get(RETRY_MAX_DELAY);
    if (max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          RETRY_MAX_DELAY.option()
              + " must be at least "
              + RETRY_BASE_DELAY.option()
              + " ("
              + base.toMillis()
              + "), was "
              + max.toMillis());
    }
  }

  /** Every setting at its default: robots.txt obeyed as "trawl", 3 attempts, no host delay. */
  public static FetchPolicy defaults() {
    return new FetchPolicy(Config.defaults(SETTINGS));
  }

  /** This policy with {@code setting} set to {@code value}, checked. */
  public <T> FetchPolicy with(Setting<T> setting, T value) {
    return new FetchPolicy(config.with(setting, value));
  }

  /** Minimum time between two request starts to one host. */
  public Duration hostDelay() {
    return config.get(HOST_DELAY);
  }

  /** Whether robots.txt is fetched and obeyed. */
  public boolean robots() {
    return config.get(ROBOTS);
  }

  /** The agent name looked up in robots.txt. */
  public String robotsAgent() {
    return config.get(ROBOTS_AGENT);
  }

  /** Total time of one robots.txt fetch, redirects included. */
  public Duration robotsTimeout() {
    return config.get(ROBOTS_TIMEOUT);
  }

  /** Attempts per URL for retryable failures; 1 means no retry. */
  public int maxAttempts() {
    return config.get(MAX_ATTEMPTS);
  }

  /** The first retry waits up to this, doubling per attempt. */
  public Duration retryBaseDelay() {
    return config.get(RETRY_BASE_DELAY);
  }

  /** The cap of a retry delay, Retry-After included. */
  public Duration retryMaxDelay() {
    return config.get(RETRY_MAX_DELAY);
  }

  /** How long fetches of revoked partitions may finish before their outcomes are dropped. */
  public Duration revokeGrace() {
    return config.get(REVOKE_GRACE);
  }
}
