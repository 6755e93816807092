package dev.trawl.fetch;

import dev.trawl.fetch.internal.http.PageFetcher;
import dev.trawl.fetch.internal.outcome.RecordBounds;
import dev.trawl.fetch.internal.proxy.ProxyEndpoint;
import dev.trawl.fetch.internal.proxy.ProxyPool;
import dev.trawl.runtime.PageLimits;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a fetch worker needs besides Kafka's address and its topics: each setting is defined here
 * once (or in {@link FetchPolicy}, {@link EgressSettings} and {@link ContentSettings}, whose
 * settings it holds too), and the command line, the environment and the configuration reference
 * read these definitions.
 *
 * @param config values of {@link #SETTINGS}; others it holds are left out
 */
public record FetchSettings(Config config) {

  public static final Setting<String> GROUP_ID =
      Setting.of("fetcher.group.id", "--group-id", ValueType.TEXT)
          .defaultValue("trawl-fetch")
          .notEmpty()
          .label("ID")
          .doc("Consumer group of the fetch workers.");

  public static final Setting<Integer> MAX_IN_FLIGHT =
      Setting.of("fetcher.max.in.flight", "--max-in-flight", ValueType.INT)
          .defaultValue(512)
          .atLeast(1)
          .doc("Requests in flight, all hosts together.");

  public static final Setting<Integer> HOST_MAX_IN_FLIGHT =
      Setting.of("fetcher.host.max.in.flight", "--host-max-in-flight", ValueType.INT)
          .defaultValue(8)
          .atLeast(1)
          .doc("Requests in flight per host.");

  /** Unset, it follows {@link #MAX_IN_FLIGHT}: see {@link #maxBuffered()}. */
  public static final Setting<Integer> MAX_BUFFERED =
      Setting.of("fetcher.max.buffered", "--max-buffered", ValueType.INT)
          .defaultText("4 x --max-in-flight")
          .atLeast(1)
          .doc(
              "Requests polled and not yet started before consumption pauses; it resumes under"
                  + " half.");

  public static final Setting<Duration> CONNECT_TIMEOUT =
      Setting.of("fetcher.connect.timeout.ms", "--connect-timeout-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(5))
          .atLeast(1)
          .doc("TCP connect timeout.");

  public static final Setting<Duration> TIMEOUT =
      Setting.of("fetcher.timeout.ms", "--timeout-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(30))
          .atLeast(1)
          .doc("Total time of one fetch, redirects included.");

  public static final Setting<String> USER_AGENT =
      Setting.of("fetcher.user.agent", "--user-agent", ValueType.TEXT)
          .defaultValue("trawl/0.1 (+https://github.com/trawl)")
          .notEmpty()
          .doc("User-Agent header.");

  /** At most {@link RecordBounds#MAX_REDIRECTS}: the redirect chain travels in every result. */
  public static final Setting<Integer> MAX_REDIRECTS =
      Setting.of("fetcher.max.redirects", "--max-redirects", ValueType.INT)
          .defaultValue(5)
          .atLeast(0)
          .atMost(RecordBounds.MAX_REDIRECTS)
          .doc("Redirects followed, at most 20; 0 publishes the redirect response itself.");

  public static final Setting<Duration> COMMIT_INTERVAL =
      Setting.of("fetcher.commit.interval.ms", "--commit-interval-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(1))
          .atLeast(1)
          .doc("How often completed offsets are committed.");

  /** Fetches still running after it end without an outcome: the next owner fetches again. */
  public static final Setting<Duration> SHUTDOWN_GRACE =
      Setting.of("fetcher.shutdown.grace.ms", "--shutdown-grace-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(30))
          .atLeast(0)
          .doc("On SIGTERM, how long requests in flight may finish.");

  /** These settings, then those of the policy, the egress and the content settings. */
  public static final List<Setting<?>> SETTINGS =
      Stream.of(
              List.<Setting<?>>of(
                  GROUP_ID,
                  MAX_IN_FLIGHT,
                  HOST_MAX_IN_FLIGHT,
                  MAX_BUFFERED,
                  CONNECT_TIMEOUT,
                  TIMEOUT,
                  PageLimits.CONTENT_LIMIT_BYTES,
                  USER_AGENT,
                  MAX_REDIRECTS,
                  COMMIT_INTERVAL,
                  SHUTDOWN_GRACE),
              FetchPolicy.SETTINGS,
              EgressSettings.SETTINGS,
              ContentSettings.SETTINGS)
          .flatMap(List::stream)
          .toList();

  /**
   * @throws IllegalArgumentException when the body budget cannot hold one whole response, or a
   *     check of the policy, egress or content settings together fails
   */
  public FetchSettings {
    config = config.select(SETTINGS);
    int contentLimit = config.get(PageLimits.CONTENT_LIMIT_BYTES);
    long bodyBudget = config.get(ContentSettings.BODY_BUDGET_BYTES);
    if (bodyBudget < contentLimit) {
      throw new IllegalArgumentException(
          ContentSettings.BODY_BUDGET_BYTES.option()
              + " must be at least "
              + PageLimits.CONTENT_LIMIT_BYTES.option()
              + " ("
              + contentLimit
              + "), was "
              + bodyBudget);
    }
    new FetchPolicy(config);
    new EgressSettings(config);
    new ContentSettings(config);
  }

  /** Every setting at its default. */
  public static FetchSettings defaults() {
    return new FetchSettings(Config.defaults(SETTINGS));
  }

  /**
   * These settings with {@code setting} (any of {@link #SETTINGS}) set to {@code value}, checked.
   */
  public <T> FetchSettings with(Setting<T> setting, T value) {
    return new FetchSettings(config.with(setting, value));
  }

  /** The consumer group of the workers. */
  public String groupId() {
    return config.get(GROUP_ID);
  }

  /** Requests started and not yet ended, all hosts together. */
  public int maxInFlight() {
    return config.get(MAX_IN_FLIGHT);
  }

  /** Requests started and not yet ended, per host. */
  public int hostMaxInFlight() {
    return config.get(HOST_MAX_IN_FLIGHT);
  }

  /**
   * Records polled and not yet started before every partition is paused: the setting, or four times
   * {@link #maxInFlight()} when it is unset.
   */
  public int maxBuffered() {
    Integer maxBuffered = config.get(MAX_BUFFERED);
    return maxBuffered != null ? maxBuffered : 4 * maxInFlight();
  }

  /** The TCP connect timeout. */
  public Duration connectTimeout() {
    return config.get(CONNECT_TIMEOUT);
  }

  /** Total time of one fetch, redirects included. */
  public Duration timeout() {
    return config.get(TIMEOUT);
  }

  /** Decoded body bytes kept; a longer body is cut and marked truncated. */
  public int contentLimitBytes() {
    return config.get(PageLimits.CONTENT_LIMIT_BYTES);
  }

  /** The User-Agent header. */
  public String userAgent() {
    return config.get(USER_AGENT);
  }

  /** Redirects followed before the fetch fails with TOO_MANY_REDIRECTS. */
  public int maxRedirects() {
    return config.get(MAX_REDIRECTS);
  }

  /** How often completed offsets are committed. */
  public Duration commitInterval() {
    return config.get(COMMIT_INTERVAL);
  }

  /** How long {@code close()} lets requests in flight finish. */
  public Duration shutdownGrace() {
    return config.get(SHUTDOWN_GRACE);
  }

  /** Politeness, robots.txt, retries and revocation. */
  public FetchPolicy policy() {
    return new FetchPolicy(config);
  }

  /** The SSRF guard and the proxy pool. */
  public EgressSettings egress() {
    return new EgressSettings(config);
  }

  /** Allowed content types and the memory budget of response bodies. */
  public ContentSettings content() {
    return new ContentSettings(config);
  }

  /** These settings as the worker's page fetcher reads them. */
  public PageFetcher.Options fetcherOptions() {
    EgressSettings egress = egress();
    ContentSettings content = content();
    return new PageFetcher.Options(
        connectTimeout(),
        timeout(),
        policy().robotsTimeout(),
        userAgent(),
        maxRedirects(),
        maxInFlight(),
        hostMaxInFlight(),
        contentLimitBytes(),
        content.contentTypes(),
        content.bodyBudgetBytes(),
        egress.proxies().stream().map(ProxyEndpoint::parse).toList(),
        ProxyPool.Rotation.of(egress.proxyRotation()),
        egress.proxyFailureThreshold(),
        egress.proxyCooldown());
  }
}
