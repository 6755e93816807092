package dev.trawl.local;

import dev.trawl.fetch.AddressCheck;
import dev.trawl.fetch.FetchSettings;
import dev.trawl.process.ProcessSettings;
import java.time.Duration;
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

  /** The fleet these options describe; private addresses are refused unless allowed. */
  LocalFleet.Options fleet(boolean allowPrivateNetwork) {
    FetchSettings fetch =
        FetchSettings.defaults()
            .withLimits(fetchConcurrency, hostConcurrency, 4 * fetchConcurrency)
            .withContentLimitBytes(LocalDefaults.CONTENT_LIMIT_BYTES)
            .withCommitInterval(Duration.ofMillis(200));
    ProcessSettings process =
        ProcessSettings.defaults()
            .withThreads(threads == 0 ? ProcessSettings.defaultThreads() : threads)
            .withContentLimitBytes(LocalDefaults.CONTENT_LIMIT_BYTES);
    AddressCheck addresses =
        allowPrivateNetwork ? AddressCheck.ALLOW_ALL : AddressCheck.PUBLIC_ONLY;
    return new LocalFleet.Options(null, partitions, fetch, addresses, process);
  }

  Duration timeout() {
    return Duration.ofMinutes(timeoutMinutes);
  }
}
