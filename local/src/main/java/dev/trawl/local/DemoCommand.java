package dev.trawl.local;

import dev.trawl.embedded.DemoSite;
import dev.trawl.producer.CrawlSpec;
import dev.trawl.producer.ProduceListener;
import dev.trawl.producer.UrlSource;
import dev.trawl.schemas.CrawlScope;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trawl demo}: the whole fleet crawling a synthetic local site, on an embedded broker. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Starts an embedded Kafka broker, a demo web site on 127.0.0.x, a process worker and a fetch"
          + " worker in this process; publishes the site's seed URLs, crawls to --depth, shows"
          + " progress and ends with a per-host summary read from the output topics.",
      "Nothing leaves this machine."
    })
final class DemoCommand implements Callable<Integer> {

  @Option(
      names = "--hosts",
      defaultValue = "5",
      description = "Host names of the demo site (default ${DEFAULT-VALUE}).")
  int hosts;

  @Option(
      names = "--pages-per-host",
      defaultValue = "400",
      description = "Pages on each host (default ${DEFAULT-VALUE}).")
  int pagesPerHost;

  @Option(
      names = "--latency-ms",
      defaultValue = "50",
      description = "Latency of every response of the demo site (default ${DEFAULT-VALUE}).")
  long latencyMs;

  @Option(
      names = "--depth",
      defaultValue = "3",
      description = "Links followed from the seeds, in hops (default ${DEFAULT-VALUE}).")
  int depth;

  @Mixin FleetOptions fleetOptions;

  @Override
  public Integer call() throws Exception {
    PrintStream out = System.out;
    DemoSite.Options siteOptions =
        DemoSite.Options.defaults()
            .withHosts(hosts)
            .withPagesPerHost(pagesPerHost)
            .withLatency(Duration.ofMillis(latencyMs));
    out.println("Starting an embedded Kafka broker, the demo site and the workers...");
    LocalFleet.Options options = fleetOptions.fleet(true, Duration.ofMillis(100));
    try (DemoSite site = DemoSite.start(siteOptions);
        LocalFleet fleet = LocalFleet.start(options)) {
      out.printf(
          "Demo site: %d hosts x %d pages on port %d, %d ms latency; Kafka at %s%n",
          hosts, pagesPerHost, site.port(), latencyMs, fleet.kafka().bootstrapServers());
      CrawlSpec crawl = new CrawlSpec("demo", depth, CrawlScope.ANY, Map.of());
      out.printf(
          "Crawling from %d seeds to depth %d with %d requests in flight...%n",
          site.seedUrls().size(), depth, fleetOptions.fetchConcurrency);
      ProgressPrinter progress =
          new ProgressPrinter(out, System.console() != null, fleet.fetchWorker()::inFlight);
      CrawlRun.Result result =
          CrawlRun.execute(
              fleet,
              UrlSource.of(site.seedUrls()),
              crawl,
              ProduceListener.NONE,
              outcome -> {},
              progress,
              fleetOptions.timeout());
      out.println();
      out.print(SummaryTable.render(result.domainStats()));
      out.println();
      out.printf(
          "%,d URLs crawled in %.1f s: %,.0f pages/s (%,d failed, in trawl.fetch-dlq: the site's"
              + " 5xx pages after %d attempts; %,d duplicate outcomes).%n",
          result.outcomes(),
          result.seconds(),
          result.pagesPerSecond(),
          result.failed(),
          options.fetch().policy().maxAttempts(),
          result.duplicateOutcomes());
      out.println("Shutting down...");
    }
    return 0;
  }
}
