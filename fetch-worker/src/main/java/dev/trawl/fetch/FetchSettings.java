package dev.trawl.fetch;

import dev.trawl.schemas.Topics;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Every option of a fetch worker, validated once on construction: an invalid value throws {@link
 * IllegalArgumentException} with a message naming the command-line option and the bad value.
 *
 * @param groupId consumer group of the workers ({@code --group-id})
 * @param maxInFlight requests started and not yet ended, all hosts together
 * @param hostMaxInFlight the same, per host
 * @param maxBuffered records polled and not yet started; above it every partition is paused
 * @param connectTimeout TCP connect timeout
 * @param timeout total time of one fetch, redirects included
 * @param contentLimitBytes decoded body bytes kept; a longer body is cut and marked truncated
 * @param userAgent the User-Agent header
 * @param maxRedirects redirects followed before the fetch fails with TOO_MANY_REDIRECTS
 * @param commitInterval how often completed offsets are committed
 * @param shutdownGrace how long {@code close()} lets requests in flight finish
 * @param urlsTopic where requests are consumed from
 * @param pagesTopic where results go
 * @param dlqTopic where failures go
 * @param policy politeness, robots.txt, retries and revocation
 * @param egress the SSRF guard and the proxy pool
 * @param content allowed content types and the memory budget of response bodies
 */
public record FetchSettings(
    String groupId,
    int maxInFlight,
    int hostMaxInFlight,
    int maxBuffered,
    Duration connectTimeout,
    Duration timeout,
    int contentLimitBytes,
    String userAgent,
    int maxRedirects,
    Duration commitInterval,
    Duration shutdownGrace,
    String urlsTopic,
    String pagesTopic,
    String dlqTopic,
    FetchPolicy policy,
    EgressSettings egress,
    ContentSettings content) {

  public static final String DEFAULT_GROUP_ID = "trawl-fetch";
  public static final int DEFAULT_MAX_IN_FLIGHT = 512;
  public static final int DEFAULT_HOST_MAX_IN_FLIGHT = 8;
  public static final int DEFAULT_CONTENT_LIMIT_BYTES = 2 * 1024 * 1024;
  public static final String DEFAULT_USER_AGENT = "trawl/0.1 (+https://github.com/trawl)";

  /** Largest accepted content limit: a page must fit in one Kafka record. */
  public static final int MAX_CONTENT_LIMIT_BYTES = 256 * 1024 * 1024;

  public FetchSettings {
    requireText("--group-id", groupId);
    atLeast("--max-in-flight", maxInFlight, 1);
    atLeast("--host-max-in-flight", hostMaxInFlight, 1);
    atLeast("--max-buffered", maxBuffered, 1);
    positive("--connect-timeout-ms", connectTimeout);
    positive("--timeout-ms", timeout);
    atLeast("--content-limit-bytes", contentLimitBytes, 1);
    if (contentLimitBytes > MAX_CONTENT_LIMIT_BYTES) {
      throw new IllegalArgumentException(
          "--content-limit-bytes must be at most "
              + MAX_CONTENT_LIMIT_BYTES
              + ", was "
              + contentLimitBytes);
    }
    requireText("--user-agent", userAgent);
    atLeast("--max-redirects", maxRedirects, 0);
    positive("--commit-interval-ms", commitInterval);
    Objects.requireNonNull(shutdownGrace, "--shutdown-grace-ms");
    if (shutdownGrace.isNegative()) {
      throw new IllegalArgumentException(
          "--shutdown-grace-ms must not be negative, was " + shutdownGrace.toMillis());
    }
    requireText("urls topic", urlsTopic);
    requireText("pages topic", pagesTopic);
    requireText("dlq topic", dlqTopic);
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(egress, "egress");
    Objects.requireNonNull(content, "content");
    if (content.bodyBudgetBytes() < contentLimitBytes) {
      throw new IllegalArgumentException(
          "--body-budget-bytes must be at least --content-limit-bytes ("
              + contentLimitBytes
              + "), was "
              + content.bodyBudgetBytes());
    }
  }

  /** The documented defaults, reading Trawl's standard topics. */
  public static FetchSettings defaults() {
    return new FetchSettings(
        DEFAULT_GROUP_ID,
        DEFAULT_MAX_IN_FLIGHT,
        DEFAULT_HOST_MAX_IN_FLIGHT,
        4 * DEFAULT_MAX_IN_FLIGHT,
        Duration.ofMillis(5_000),
        Duration.ofMillis(30_000),
        DEFAULT_CONTENT_LIMIT_BYTES,
        DEFAULT_USER_AGENT,
        5,
        Duration.ofMillis(1_000),
        Duration.ofMillis(30_000),
        Topics.URLS.name(),
        Topics.PAGES.name(),
        Topics.FETCH_DLQ.name(),
        FetchPolicy.defaults(),
        EgressSettings.defaults(),
        ContentSettings.defaults());
  }

  public FetchSettings withGroupId(String value) {
    return copy(b -> b.groupId = value);
  }

  /** Sets both in-flight limits and the buffer limit (records polled and not yet started). */
  public FetchSettings withLimits(int maxInFlight, int hostMaxInFlight, int maxBuffered) {
    return copy(
        b -> {
          b.maxInFlight = maxInFlight;
          b.hostMaxInFlight = hostMaxInFlight;
          b.maxBuffered = maxBuffered;
        });
  }

  public FetchSettings withTimeouts(Duration connectTimeout, Duration timeout) {
    return copy(
        b -> {
          b.connectTimeout = connectTimeout;
          b.timeout = timeout;
        });
  }

  public FetchSettings withContentLimitBytes(int value) {
    return copy(b -> b.contentLimitBytes = value);
  }

  public FetchSettings withUserAgent(String value) {
    return copy(b -> b.userAgent = value);
  }

  public FetchSettings withMaxRedirects(int value) {
    return copy(b -> b.maxRedirects = value);
  }

  public FetchSettings withCommitInterval(Duration value) {
    return copy(b -> b.commitInterval = value);
  }

  public FetchSettings withShutdownGrace(Duration value) {
    return copy(b -> b.shutdownGrace = value);
  }

  /** Reads {@code urls} and writes {@code pages} and {@code dlq} instead of Trawl's topics. */
  public FetchSettings withTopics(String urls, String pages, String dlq) {
    return copy(
        b -> {
          b.urlsTopic = urls;
          b.pagesTopic = pages;
          b.dlqTopic = dlq;
        });
  }

  public FetchSettings withPolicy(FetchPolicy value) {
    return copy(b -> b.policy = value);
  }

  /** Sets the SSRF guard and the proxy pool. */
  public FetchSettings withEgress(EgressSettings value) {
    return copy(b -> b.egress = value);
  }

  /** Sets the allowed content types and the body budget. */
  public FetchSettings withContent(ContentSettings value) {
    return copy(b -> b.content = value);
  }

  /** A copy of these settings with {@code change} applied to its components, validated again. */
  private FetchSettings copy(Consumer<Components> change) {
    Components b = new Components(this);
    change.accept(b);
    return b.build();
  }

  /** The components of a FetchSettings, to change some of them before building a new one. */
  private static final class Components {
    String groupId;
    int maxInFlight;
    int hostMaxInFlight;
    int maxBuffered;
    Duration connectTimeout;
    Duration timeout;
    int contentLimitBytes;
    String userAgent;
    int maxRedirects;
    Duration commitInterval;
    Duration shutdownGrace;
    String urlsTopic;
    String pagesTopic;
    String dlqTopic;
    FetchPolicy policy;
    EgressSettings egress;
    ContentSettings content;

    Components(FetchSettings from) {
      groupId = from.groupId;
      maxInFlight = from.maxInFlight;
      hostMaxInFlight = from.hostMaxInFlight;
      maxBuffered = from.maxBuffered;
      connectTimeout = from.connectTimeout;
      timeout = from.timeout;
      contentLimitBytes = from.contentLimitBytes;
      userAgent = from.userAgent;
      maxRedirects = from.maxRedirects;
      commitInterval = from.commitInterval;
      shutdownGrace = from.shutdownGrace;
      urlsTopic = from.urlsTopic;
      pagesTopic = from.pagesTopic;
      dlqTopic = from.dlqTopic;
      policy = from.policy;
      egress = from.egress;
      content = from.content;
    }

    FetchSettings build() {
      return new FetchSettings(
          groupId,
          maxInFlight,
          hostMaxInFlight,
          maxBuffered,
          connectTimeout,
          timeout,
          contentLimitBytes,
          userAgent,
          maxRedirects,
          commitInterval,
          shutdownGrace,
          urlsTopic,
          pagesTopic,
          dlqTopic,
          policy,
          egress,
          content);
    }
  }

  private static void requireText(String option, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(option + " must not be empty, was '" + value + "'");
    }
  }

  private static void atLeast(String option, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(option + " must be at least " + min + ", was " + value);
    }
  }

  private static void positive(String option, Duration value) {
    Objects.requireNonNull(value, option);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(option + " must be at least 1, was " + value.toMillis());
    }
  }
}
