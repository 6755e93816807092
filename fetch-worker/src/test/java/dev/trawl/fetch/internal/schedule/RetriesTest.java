package dev.trawl.fetch.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.fetch.internal.http.HttpPage;
import dev.trawl.fetch.internal.http.HttpStatusException;
import dev.trawl.fetch.internal.http.InvalidUrlException;
import dev.trawl.fetch.internal.http.RobotsDeniedException;
import dev.trawl.fetch.internal.http.RobotsUnavailableException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class RetriesTest {

  private static final long MS = 1_000_000L;
  private static final long NOW = 1_800_000_000_000L; // 2027-01-15T08:00:00Z

  private static Retries retries(double random) {
    return new Retries(3, Duration.ofMillis(1_000), Duration.ofMillis(5_000), () -> random);
  }

  private static HttpPage page(int status) {
    return new HttpPage(status, "http://a/", List.of(), Map.of(), null, new byte[0], false);
  }

  @Test
  void retriesConnectionErrorsTimeouts429And5xxOnly() {
    Retries retries = retries(0.5);

    assertThat(retries.retryable(null, new ConnectException("refused"))).isTrue();
    assertThat(retries.retryable(null, new RuntimeException(new TimeoutException()))).isTrue();
    assertThat(retries.retryable(null, new InvalidUrlException("bad"))).isFalse();
    assertThat(retries.retryable(null, new RobotsDeniedException("no"))).isFalse();
    // A robots.txt that answered 429 or 5xx, or that could not be reached, is retried like a page.
    assertThat(
            retries.retryable(
                null, new RobotsUnavailableException(503, null, 0, new HttpStatusException(503))))
        .isTrue();
    assertThat(
            retries.retryable(
                null, new RobotsUnavailableException(0, null, 0, new ConnectException("refused"))))
        .isTrue();
    assertThat(
            List.of(200, 301, 404, 429, 500, 503, 599).stream()
                .filter(status -> retries.retryable(page(status), null)))
        .containsExactly(429, 500, 503, 599);
  }

  @Test
  void countsAttemptsAgainstTheLimit() {
    Retries retries = retries(0.5);

    assertThat(retries.attemptsLeft(1)).isTrue();
    assertThat(retries.attemptsLeft(2)).isTrue();
    assertThat(retries.attemptsLeft(3)).isFalse();
  }

  @Test
  void backsOffExponentiallyWithFullJitterUpToTheCap() {
    assertThat(retries(1.0).delayNanos(1, null, NOW)).isEqualTo(1_000 * MS);
    assertThat(retries(1.0).delayNanos(2, null, NOW)).isEqualTo(2_000 * MS);
    assertThat(retries(1.0).delayNanos(3, null, NOW)).isEqualTo(4_000 * MS);
    assertThat(retries(1.0).delayNanos(4, null, NOW)).isEqualTo(5_000 * MS);
    assertThat(retries(1.0).delayNanos(60, null, NOW)).isEqualTo(5_000 * MS);
    assertThat(retries(0.25).delayNanos(2, null, NOW)).isEqualTo(500 * MS);
    assertThat(retries(0.0).delayNanos(3, null, NOW)).isZero();
  }

  @Test
  void backsOffWithoutJitterForTheNextRobotsFetchHonouringRetryAfter() {
    assertThat(retries(0.0).backoffNanos(1, null, NOW)).isEqualTo(1_000 * MS);
    assertThat(retries(0.0).backoffNanos(3, null, NOW)).isEqualTo(4_000 * MS);
    assertThat(retries(0.0).backoffNanos(9, null, NOW)).isEqualTo(5_000 * MS);
    assertThat(retries(0.0).backoffNanos(1, "3", NOW)).isEqualTo(3_000 * MS);
    assertThat(retries(0.0).backoffNanos(1, "3600", NOW)).isEqualTo(5_000 * MS);
  }

  @Test
  void waitsAtLeastWhatRetryAfterAsksButNoLongerThanTheCap() {
    assertThat(retries(0.0).delayNanos(1, "3", NOW)).isEqualTo(3_000 * MS);
    assertThat(retries(1.0).delayNanos(1, " 0 ", NOW)).isEqualTo(1_000 * MS);
    assertThat(retries(0.0).delayNanos(1, "3600", NOW)).isEqualTo(5_000 * MS);
    assertThat(retries(0.0).delayNanos(1, "Fri, 15 Jan 2027 08:00:02 GMT", NOW))
        .isEqualTo(2_000 * MS);
    assertThat(retries(0.0).delayNanos(1, "Fri, 15 Jan 2027 07:00:00 GMT", NOW)).isZero();
    assertThat(retries(0.0).delayNanos(1, "soon", NOW)).isZero();
  }
}
