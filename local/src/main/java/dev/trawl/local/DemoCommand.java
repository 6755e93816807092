package dev.trawl.local;

import dev.trawl.embedded.DemoSite;
import dev.trawl.producer.CrawlSpec;
import dev.trawl.producer.ProduceListener;
import dev.trawl.producer.ProduceSettings;
import dev.trawl.producer.UrlSource;
import dev.trawl.runtime.config.CommandOptions;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.schemas.CrawlScope;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trawl demo}: the whole fleet crawling a synthetic local site, on an embedded broker. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    modelTransformer = DemoCommand.Options.class,
    description = {
      "Starts an embedded Kafka broker, a demo web site on 127.0.0.x, a process worker and a fetch"
          + " worker in this process; publishes the site's seed URLs, crawls to --depth, shows"
          + " progress and ends with a per-host summary read from the output topics.",
      "Nothing leaves this machine. The logs of Kafka and the workers go to a file whose path is"
          + " printed; exit code 2 when the crawl cannot complete (a worker died, the crawl"
          + " stalled or timed out)."
    })
final class DemoCommand implements Callable<Integer> {

  /** The demo's site: 5 hosts of 400 pages, a crawl of about 2,000 URLs in seconds. */
  static final Setting<Integer> HOSTS = SiteSettings.HOSTS.defaultValue(5);

  static final Setting<Integer> PAGES_PER_HOST = SiteSettings.PAGES_PER_HOST.defaultValue(400);

  /** Links followed from the seeds: 3 hops reach most of the demo site. */
  static final Setting<Integer> DEPTH = ProduceSettings.DEPTH.defaultValue(3);

  static final List<Setting<?>> SETTINGS =
      CommandOptions.all(
          List.of(HOSTS, PAGES_PER_HOST, SiteSettings.LATENCY, SiteSettings.PAGE_BYTES, DEPTH),
          FleetSettings.SETTINGS);

  /** Adds {@link #SETTINGS} to the command as options. */
  static final class Options extends CommandOptions {
    Options() {
      super(SETTINGS);
    }
  }

  /** Short transactions: each depth level waits for the documents of the one before. */
  private static final Duration COMMIT_INTERVAL = Duration.ofMillis(100);

  @Spec CommandSpec spec;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;

  /** The demo on this process's terminal and environment. */
  DemoCommand() {
    this(System.out, System.err, System.getenv());
  }

  DemoCommand(PrintStream out, PrintStream err, Map<String, String> env) {
    this.out = out;
    this.err = err;
    this.env = env;
  }

  @Override
  public Integer call() throws Exception {
    Config config = CommandOptions.read(spec, SETTINGS, env);
    DemoSite.Options siteOptions = new SiteSettings(config).options();
    LocalFleet.Options options = FleetSettings.fleet(config, true, COMMIT_INTERVAL);
    try (RunLog log = RunLog.start("demo")) {
      out.printf(
          "Starting an embedded Kafka broker, the demo site and the workers (logs: %s)...%n",
          log.file());
      try {
        crawl(config, siteOptions, options);
      } catch (CrawlIncomplete | IllegalStateException e) {
        err.println("error: " + e.getMessage() + " (logs: " + log.file() + ")");
        return RunCommand.INCOMPLETE;
      }
    }
    return 0;
  }

  private void crawl(Config config, DemoSite.Options siteOptions, LocalFleet.Options options)
      throws Exception {
    int depth = config.get(DEPTH);
    try (DemoSite site = DemoSite.start(siteOptions);
        LocalFleet fleet = LocalFleet.start(options)) {
      out.printf(
          "Demo site: %d hosts x %d pages on port %d, %d ms latency; Kafka at %s%n",
          siteOptions.hosts(),
          siteOptions.pagesPerHost(),
          site.port(),
          siteOptions.latency().toMillis(),
          fleet.kafka().bootstrapServers());
      CrawlSpec crawl = new CrawlSpec("demo", depth, CrawlScope.ANY, Map.of());
      out.printf(
          "Crawling from %d seeds to depth %d with %d requests in flight...%n",
          site.seedUrls().size(), depth, config.get(FleetSettings.MAX_IN_FLIGHT));
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
              FleetSettings.limits(config));
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
  }
}
