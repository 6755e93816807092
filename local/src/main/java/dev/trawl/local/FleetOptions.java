package dev.trawl.local;

import dev.trawl.fetch.AddressCheck;
import dev.trawl.fetch.FetchSettings;
import dev.trawl.process.ProcessSettings;
import dev.trawl.runtime.PageLimits;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/** Options of the local fleet shared by {@code trawl demo} and {@code trawl run} (a mixin). */
final class FleetOptions {

  @Option(
      names = "--fetch-concurrency",
      paramLabel = "N",
      defaultValue = "256",
      description = "Requests in flight, all hosts together (default ${DEFAULT-VALUE}).")
  int fetchConcurrency;

  @Option(
      names = "--host-concurrency",
      paramLabel = "N",
      defaultValue = "32",
      description = "Requests in flight per host (default ${DEFAULT-VALUE}).")
  int hostConcurrency;

  @Option(
      names = "--threads",
      paramLabel = "N",
      defaultValue = "0",
      description = "Process worker stream threads; 0 = one per core (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(
      names = "--partitions",
      paramLabel = "N",
      defaultValue = "6",
      description = "Partitions of each topic (default ${DEFAULT-VALUE}).")
  int partitions;

  @Option(
      names = "--timeout-minutes",
      paramLabel = "MIN",
      defaultValue = "60",
      description = "Give up when the crawl is not complete by then (default ${DEFAULT-VALUE}).")
  long timeoutMinutes;

  /**
   * The fleet these options describe; private addresses are refused unless allowed. The process
   * worker commits every {@code commitInterval}: short for crawls that wait on each depth level,
   * the worker's default (longer transactions, more throughput) otherwise.
   */
  /**
   * The fleet these options describe; private addresses are refused unless allowed (and even then,
   * link-local and cloud metadata addresses stay refused). The process worker commits every {@code
   * commitInterval}: short for crawls that wait on each depth level, the worker's default (longer
   * transactions, more throughput) otherwise.
   */
  LocalFleet.Options fleet(boolean allowPrivateNetwork, Duration commitInterval) {
    FetchSettings fetch =
        FetchSettings.defaults()
            .withLimits(fetchConcurrency, hostConcurrency, 4 * fetchConcurrency)
            .withContentLimitBytes(LocalDefaults.CONTENT_LIMIT_BYTES)
            .withCommitInterval(Duration.ofMillis(200));
    ProcessSettings process =
        ProcessSettings.defaults()
            .with(ProcessSettings.THREADS, threads)
            .with(PageLimits.CONTENT_LIMIT_BYTES, LocalDefaults.CONTENT_LIMIT_BYTES)
            .with(ProcessSettings.COMMIT_INTERVAL, commitInterval);
    AddressCheck addresses =
        allowPrivateNetwork ? AddressCheck.guard(true, List.of()) : AddressCheck.PUBLIC_ONLY;
    return new LocalFleet.Options(null, partitions, fetch, addresses, process);
  }

  Duration timeout() {
    return Duration.ofMinutes(timeoutMinutes);
  }
}
