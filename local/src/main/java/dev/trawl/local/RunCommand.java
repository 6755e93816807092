package dev.trawl.local;

import dev.trawl.fetch.EgressSettings;
import dev.trawl.process.ProcessSettings;
import dev.trawl.producer.CrawlSpec;
import dev.trawl.producer.ProduceListener;
import dev.trawl.producer.ProduceSettings;
import dev.trawl.producer.Rejection;
import dev.trawl.producer.UrlSource;
import dev.trawl.runtime.config.CommandOptions;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import dev.trawl.schemas.FetchRequest;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trawl run}: crawls a person's own URL list on the whole local fleet. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    modelTransformer = RunCommand.Options.class,
    description = {
      "Crawls the URLs listed in FILE (one a line; blank lines and # comments skipped) with the"
          + " whole fleet on an embedded broker, until every URL, and every discovered URL within"
          + " --depth, has a final outcome. Writes one JSON line per URL to --out and prints a"
          + " per-host summary and the overall pages/s.",
      "Exit code: 0 when every URL has an outcome, 1 when some lines were rejected (still"
          + " crawling the rest), 2 when the crawl could not complete."
    })
final class RunCommand implements Callable<Integer> {

  static final Setting<Path> URLS =
      Setting.of("run.urls", "--urls", ValueType.PATH)
          .required()
          .label("FILE")
          .doc("The URL list: one a line; blank lines and # comments skipped.");

  static final Setting<Path> OUT =
      Setting.of("run.out", "--out", ValueType.PATH)
          .defaultText("none")
          .label("FILE.jsonl")
          .doc("Where to write one JSON line per outcome.");

  static final List<Setting<?>> SETTINGS =
      CommandOptions.all(
          List.of(
              URLS,
              OUT,
              ProduceSettings.DEPTH,
              ProduceSettings.SCOPE,
              ProduceSettings.CRAWL_ID,
              EgressSettings.ALLOW_PRIVATE_NETWORK),
          FleetSettings.SETTINGS);

  /** Adds {@link #SETTINGS} to the command as options. */
  static final class Options extends CommandOptions {
    Options() {
      super(SETTINGS);
    }
  }

  @Spec CommandSpec spec;

  private final Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws Exception {
    Config config = CommandOptions.read(spec, SETTINGS, env);
    Path urls = config.get(URLS);
    Path outFile = config.get(OUT);
    PrintStream out = System.out;
    PrintStream err = System.err;
    List<String> lines = Files.readAllLines(urls, StandardCharsets.UTF_8);
    Map<String, String> listedAs = new HashMap<>();
    long[] rejected = {0};
    ProduceListener report =
        new ProduceListener() {
          @Override
          public void rejected(Rejection rejection) {
            rejected[0]++;
            err.println(rejection.report(urls.toString()));
          }

          @Override
          public void accepted(long lineNumber, String line, FetchRequest request) {
            String listed = line.strip();
            if (!listed.equals(request.getUrl())) {
              listedAs.put(request.getUrl(), listed);
            }
          }
        };
    CrawlSpec crawl = crawlSpec(config);
    out.printf("Starting an embedded Kafka broker and the workers...%n");
    try (LocalFleet fleet =
            LocalFleet.start(
                FleetSettings.fleet(
                    config,
                    config.get(EgressSettings.ALLOW_PRIVATE_NETWORK),
                    ProcessSettings.COMMIT_INTERVAL.defaultValue()));
        OutcomeWriter writer = outFile == null ? null : new OutcomeWriter(outFile, listedAs)) {
      out.printf(
          "Crawling %,d lines of %s (crawl %s, depth %d) with %d requests in flight...%n",
          lines.size(),
          urls,
          crawl.crawlId(),
          crawl.maxDepth(),
          config.get(FleetSettings.MAX_IN_FLIGHT));
      ProgressPrinter progress =
          new ProgressPrinter(out, System.console() != null, fleet.fetchWorker()::inFlight);
      CrawlRun.Result result =
          CrawlRun.execute(
              fleet,
              UrlSource.of(lines),
              crawl,
              report,
              outcome -> {
                if (writer != null) {
                  writer.write(outcome);
                }
              },
              progress,
              FleetSettings.timeout(config));
      printSummary(out, result, rejected[0], outFile);
    }
    return rejected[0] > 0 ? 1 : 0;
  }

  private static CrawlSpec crawlSpec(Config config) {
    String crawlId = config.get(ProduceSettings.CRAWL_ID);
    return new CrawlSpec(
        crawlId != null ? crawlId : CrawlSpec.generateCrawlId(Clock.systemUTC()),
        config.get(ProduceSettings.DEPTH),
        config.get(ProduceSettings.SCOPE),
        Map.of());
  }

  private static void printSummary(
      PrintStream out, CrawlRun.Result result, long rejected, Path outFile) {
    out.println();
    out.print(SummaryTable.render(result.domainStats()));
    out.println();
    out.printf(
        "%,d URLs (%,d listed, %,d duplicate lines, %,d rejected) crawled in %.1f s:"
            + " %,.0f pages/s; %,d failed.%n",
        result.outcomes(),
        result.published().accepted(),
        result.published().duplicates(),
        rejected,
        result.seconds(),
        result.pagesPerSecond(),
        result.failed());
    if (outFile != null) {
      out.printf("Wrote %,d lines to %s%n", result.outcomes(), outFile);
    }
  }
}
