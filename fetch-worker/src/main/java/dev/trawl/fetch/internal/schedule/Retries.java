package dev.trawl.fetch.internal.schedule;

import dev.trawl.fetch.internal.http.ErrorTypes;
import dev.trawl.fetch.internal.http.HttpPage;
import dev.trawl.fetch.internal.http.RobotsUnavailableException;
import dev.trawl.schemas.ErrorType;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Which ends of a fetch are worth another attempt, and how long to wait first: connection errors,
 * timeouts, 429 and 5xx are retried with exponential backoff and full jitter (a uniformly random
 * delay up to {@code min(cap, base * 2^(attempt - 1))}), but never sooner than a {@code
 * Retry-After} header asks, and never later than the cap.
 *
 * <p>Thread-safety: immutable; the random source must be thread-safe.
 */
public final class Retries {

  private final int maxAttempts;
  private final long baseNanos;
  private final long capNanos;
  private final DoubleSupplier random;

  /**
   * @param maxAttempts attempts per URL in all; 1 means no retry
   * @param baseDelay the first retry's backoff, doubled per attempt
   * @param maxDelay the cap of every delay, Retry-After included
   * @param random uniform in [0, 1): the jitter
   */
  public Retries(int maxAttempts, Duration baseDelay, Duration maxDelay, DoubleSupplier random) {
    this.maxAttempts = maxAttempts;
    this.baseNanos = baseDelay.toNanos();
    this.capNanos = maxDelay.toNanos();
    this.random = random;
  }

  /**
   * True when a fetch that ended with {@code page} or {@code failure} should be tried again: a 429
   * or 5xx page, or a failure to connect, a timeout, or a 429 or 5xx of its robots.txt.
   */
  public boolean retryable(HttpPage page, Throwable failure) {
    if (page != null) {
      return page.retryableStatus();
    }
    ErrorType type = ErrorTypes.of(failure);
    return type == ErrorType.CONNECT || type == ErrorType.TIMEOUT || type == ErrorType.HTTP_STATUS;
  }

  /** True when {@code attemptsMade} attempts leave room for one more. */
  public boolean attemptsLeft(int attemptsMade) {
    return attemptsMade < maxAttempts;
  }

  /**
   * How long to wait before attempt {@code attemptsMade + 1}, given the response's {@code
   * Retry-After} value (or null) and the wall clock at {@code nowMillis}.
   */
  public long delayNanos(int attemptsMade, String retryAfter, long nowMillis) {
    long jittered = (long) (random.getAsDouble() * ceilingNanos(attemptsMade));
    long asked = retryAfterNanos(retryAfter, nowMillis);
    return Math.min(capNanos, Math.max(jittered, asked));
  }

  /**
   * The longest delay before attempt {@code attemptsMade + 1}, without jitter: the backoff ceiling,
   * or what {@code Retry-After} asks, within the cap. How long an origin whose robots.txt failed
   * {@code attemptsMade} times in a row waits before it is fetched again.
   */
  public long backoffNanos(int attemptsMade, String retryAfter, long nowMillis) {
    long asked = retryAfterNanos(retryAfter, nowMillis);
    return Math.min(capNanos, Math.max(ceilingNanos(attemptsMade), asked));
  }

  /** {@code min(cap, base * 2^(attemptsMade - 1))}. */
  private long ceilingNanos(int attemptsMade) {
    int doublings = Math.min(Math.max(attemptsMade - 1, 0), 30);
    return Math.min(
        capNanos, baseNanos > capNanos >> doublings ? capNanos : baseNanos << doublings);
  }

  /**
   * How long to wait before the next attempt of a URL whose attempt number {@code attemptsMade}
   * ended with {@code page} or {@code failure}: the page's Retry-After or robots.txt's counts, and
   * a robots.txt unavailable is not asked again before {@code retryAtNanos} (on the clock whose
   * time is {@code nowNanos}), so each attempt meets a robots.txt answer of its own.
   */
  public long delayNanos(
      int attemptsMade, HttpPage page, Throwable failure, long nowNanos, long nowMillis) {
    RobotsUnavailableException robotsDown =
        page == null ? ErrorTypes.find(failure, RobotsUnavailableException.class) : null;
    String retryAfter =
        page != null
            ? page.headers().get("retry-after")
            : robotsDown != null ? robotsDown.retryAfter() : null;
    long delay = delayNanos(attemptsMade, retryAfter, nowMillis);
    return robotsDown == null ? delay : Math.max(delay, robotsDown.retryAtNanos() - nowNanos);
  }

  /** Why a fetch is retried, for the retry counter: HTTP_503, CONNECT, ROBOTS_HTTP_503... */
  public static String reason(HttpPage page, Throwable failure) {
    if (page != null) {
      return "HTTP_" + page.status();
    }
    RobotsUnavailableException robotsDown =
        ErrorTypes.find(failure, RobotsUnavailableException.class);
    if (robotsDown != null) {
      return "ROBOTS_"
          + (robotsDown.status() > 0
              ? "HTTP_" + robotsDown.status()
              : ErrorTypes.of(failure).name());
    }
    return ErrorTypes.of(failure).name();
  }

  /**
   * A Retry-After value (delay-seconds or an HTTP date) in nanos from now; 0 when absent or bad.
   */
  static long retryAfterNanos(String value, long nowMillis) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    String text = value.trim();
    try {
      long seconds = Long.parseLong(text);
      return seconds <= 0 ? 0 : TimeUnit.SECONDS.toNanos(Math.min(seconds, 365L * 24 * 3600));
    } catch (NumberFormatException notSeconds) {
      try {
        long at =
            ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME)
                .toInstant()
                .toEpochMilli();
        return TimeUnit.MILLISECONDS.toNanos(Math.max(0, at - nowMillis));
      } catch (DateTimeParseException notADate) {
        return 0;
      }
    }
  }
}
