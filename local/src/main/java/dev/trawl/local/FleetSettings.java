package dev.trawl.local;

import dev.trawl.fetch.AddressCheck;
import dev.trawl.fetch.FetchSettings;
import dev.trawl.process.ProcessSettings;
import dev.trawl.runtime.PageLimits;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import java.time.Duration;
import java.util.List;

/**
 * The options of the whole fleet on one machine ({@code trawl demo}, {@code trawl run}): the
 * workers' own settings, under the workers' names, with the defaults a one-machine crawl wants
 * where they differ.
 */
final class FleetSettings {

  /**
   * Requests in flight: 256 keeps a local crawl of a few hosts latency-bound on two cores while the
   * broker and the process worker share them.
   */
  static final Setting<Integer> MAX_IN_FLIGHT = FetchSettings.MAX_IN_FLIGHT.defaultValue(256);

  /** Requests in flight per host: 32, so that 8 hosts can fill the 256. */
  static final Setting<Integer> HOST_MAX_IN_FLIGHT =
      FetchSettings.HOST_MAX_IN_FLIGHT.defaultValue(32);

  static final Setting<Long> TIMEOUT_MINUTES =
      Setting.of("fleet.timeout.minutes", "--timeout-minutes", ValueType.LONG)
          .defaultValue(60L)
          .atLeast(1)
          .label("MIN")
          .doc("Give up when the crawl is not complete by then.");

  static final Setting<Duration> STALL_TIMEOUT =
      Setting.of("fleet.stall.timeout.ms", "--stall-timeout-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(60))
          .atLeast(1)
          .doc(
              "Give up when no URL gets an outcome for this long while nothing is in flight or"
                  + " waiting; a worker that dies ends the crawl at once.");

  static final List<Setting<?>> SETTINGS =
      List.of(
          MAX_IN_FLIGHT,
          HOST_MAX_IN_FLIGHT,
          ProcessSettings.THREADS,
          TopicSetup.PARTITIONS,
          PageLimits.CONTENT_LIMIT_BYTES,
          TIMEOUT_MINUTES,
          STALL_TIMEOUT);

  /** Offsets of the fetch worker are committed often: a local run waits on them at its end. */
  private static final Duration FETCH_COMMIT_INTERVAL = Duration.ofMillis(200);

  private FleetSettings() {}

  /**
   * The fleet {@code config} describes; private addresses are refused unless allowed (and even
   * then, link-local and cloud metadata addresses stay refused). The process worker commits every
   * {@code commitInterval}: short for crawls that wait on each depth level, the worker's default
   * (longer transactions, more throughput) otherwise.
   */
  static LocalFleet.Options fleet(
      Config config, boolean allowPrivateNetwork, Duration commitInterval) {
    int contentLimit = config.get(PageLimits.CONTENT_LIMIT_BYTES);
    FetchSettings fetch =
        FetchSettings.defaults()
            .with(FetchSettings.MAX_IN_FLIGHT, config.get(MAX_IN_FLIGHT))
            .with(FetchSettings.HOST_MAX_IN_FLIGHT, config.get(HOST_MAX_IN_FLIGHT))
            .with(PageLimits.CONTENT_LIMIT_BYTES, contentLimit)
            .with(FetchSettings.COMMIT_INTERVAL, FETCH_COMMIT_INTERVAL);
    ProcessSettings process =
        ProcessSettings.defaults()
            .with(ProcessSettings.THREADS, config.get(ProcessSettings.THREADS))
            .with(PageLimits.CONTENT_LIMIT_BYTES, contentLimit)
            .with(ProcessSettings.COMMIT_INTERVAL, commitInterval);
    AddressCheck addresses =
        allowPrivateNetwork ? AddressCheck.guard(true, List.of()) : AddressCheck.PUBLIC_ONLY;
    return new LocalFleet.Options(
        null, config.get(TopicSetup.PARTITIONS), fetch, addresses, process);
  }

  /** How long a crawl may take, and may go without progress. */
  static CrawlRun.Limits limits(Config config) {
    return new CrawlRun.Limits(
        Duration.ofMinutes(config.get(TIMEOUT_MINUTES)), config.get(STALL_TIMEOUT));
  }
}
