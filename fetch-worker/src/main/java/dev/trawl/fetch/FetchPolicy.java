package dev.trawl.fetch;

import java.time.Duration;
import java.util.Objects;

/**
 * How politely and how persistently a fetch worker fetches, validated once on construction: an
 * invalid value throws {@link IllegalArgumentException} naming the command-line option and value.
 *
 * @param hostDelay minimum time between two request starts to one host ({@code --host-delay-ms}); a
 *     robots.txt Crawl-delay raises it for that host, never lowers it
 * @param robots whether robots.txt is fetched and obeyed ({@code --robots})
 * @param robotsAgent the agent name looked up in robots.txt ({@code --robots-agent})
 * @param maxAttempts attempts per URL for retryable failures: connection errors, timeouts, 429 and
 *     5xx ({@code --max-attempts}); 1 disables retries
 * @param retryBaseDelay the first retry waits up to this, doubling per attempt, with full jitter
 *     ({@code --retry-base-delay-ms})
 * @param retryMaxDelay the cap of a retry delay, Retry-After included ({@code
 *     --retry-max-delay-ms})
 * @param revokeGrace how long fetches of revoked partitions may finish before their outcomes are
 *     dropped ({@code --revoke-grace-ms})
 */
public record FetchPolicy(
    Duration hostDelay,
    boolean robots,
    String robotsAgent,
    int maxAttempts,
    Duration retryBaseDelay,
    Duration retryMaxDelay,
    Duration revokeGrace) {

  public static final String DEFAULT_ROBOTS_AGENT = "trawl";

  public FetchPolicy {
    notNegative("--host-delay-ms", hostDelay);
    if (robotsAgent == null || robotsAgent.isBlank()) {
      throw new IllegalArgumentException(
          "--robots-agent must not be empty, was '" + robotsAgent + "'");
    }
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("--max-attempts must be at least 1, was " + maxAttempts);
    }
    notNegative("--retry-base-delay-ms", retryBaseDelay);
    notNegative("--retry-max-delay-ms", retryMaxDelay);
    if (retryMaxDelay.compareTo(retryBaseDelay) < 0) {
      throw new IllegalArgumentException(
          "--retry-max-delay-ms must be at least --retry-base-delay-ms ("
              + retryBaseDelay.toMillis()
              + "), was "
              + retryMaxDelay.toMillis());
    }
    notNegative("--revoke-grace-ms", revokeGrace);
  }

  /** No host delay, robots.txt obeyed as "trawl", 3 attempts from 1 s up to 30 s, 2 s grace. */
  public static FetchPolicy defaults() {
    return new FetchPolicy(
        Duration.ZERO,
        true,
        DEFAULT_ROBOTS_AGENT,
        3,
        Duration.ofMillis(1_000),
        Duration.ofMillis(30_000),
        Duration.ofMillis(2_000));
  }

  public FetchPolicy withHostDelay(Duration value) {
    return new FetchPolicy(
        value, robots, robotsAgent, maxAttempts, retryBaseDelay, retryMaxDelay, revokeGrace);
  }

  public FetchPolicy withRobots(boolean value) {
    return new FetchPolicy(
        hostDelay, value, robotsAgent, maxAttempts, retryBaseDelay, retryMaxDelay, revokeGrace);
  }

  public FetchPolicy withRobotsAgent(String value) {
    return new FetchPolicy(
        hostDelay, robots, value, maxAttempts, retryBaseDelay, retryMaxDelay, revokeGrace);
  }

  /** Sets the attempts and the retry delays. */
  public FetchPolicy withRetries(int attempts, Duration baseDelay, Duration maxDelay) {
    return new FetchPolicy(
        hostDelay, robots, robotsAgent, attempts, baseDelay, maxDelay, revokeGrace);
  }

  public FetchPolicy withRevokeGrace(Duration value) {
    return new FetchPolicy(
        hostDelay, robots, robotsAgent, maxAttempts, retryBaseDelay, retryMaxDelay, value);
  }

  private static void notNegative(String option, Duration value) {
    Objects.requireNonNull(value, option);
    if (value.isNegative()) {
      throw new IllegalArgumentException(option + " must not be negative, was " + value.toMillis());
    }
  }
}
