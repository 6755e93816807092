package dev.trawl.local;

import dev.trawl.process.ProcessSettings;
import dev.trawl.producer.CrawlSpec;
import dev.trawl.producer.ProduceListener;
import dev.trawl.producer.Rejection;
import dev.trawl.producer.UrlSource;
import dev.trawl.producer.internal.Report;
import dev.trawl.schemas.CrawlScope;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code trawl run}: crawls a person's own URL list on the whole local fleet. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Crawls the URLs listed in FILE (one a line; blank lines and # comments skipped) with the"
          + " whole fleet on an embedded broker, until every URL, and every discovered URL within"
          + " --depth, has a final outcome. Writes one JSON line per URL to --out and prints a"
          + " per-host summary and the overall pages/s.",
      "Exit code: 0 when every URL has an outcome, 1 when some lines were rejected (still"
          + " crawling the rest), 2 when the crawl could not complete."
    })
final class RunCommand implements Callable<Integer> {

  @Option(names = "--urls", required = true, paramLabel = "FILE", description = "The URL list.")
  Path urls;

  @Option(
      names = "--out",
      paramLabel = "FILE.jsonl",
      description = "Where to write one JSON line per outcome (default: none).")
  Path outFile;

  @Option(
      names = "--depth",
      defaultValue = "0",
      description =
          "Links followed from the listed URLs, in hops; 0 = the listed URLs only"
              + " (default ${DEFAULT-VALUE}).")
  int depth;

  @Option(
      names = "--scope",
      defaultValue = "HOST",
      description =
          "Which discovered links to follow: ${COMPLETION-CANDIDATES}"
              + " (default ${DEFAULT-VALUE}).")
  CrawlScope scope;

  @Option(
      names = "--crawl-id",
      description = "Crawl id stamped on every record (default: crawl-<UTC time>).")
  String crawlId;

  @Option(
      names = "--allow-private-network",
      description = "Allow fetching loopback and private addresses (needed for local test sites).")
  boolean allowPrivateNetwork;

  @Mixin FleetOptions fleetOptions;

  @Override
  public Integer call() throws Exception {
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
            err.println(Report.rejection(urls.toString(), rejection));
          }

          @Override
          public void accepted(long lineNumber, FetchRequest request) {
            String listed = lines.get((int) lineNumber - 1).strip();
            if (!listed.equals(request.getUrl())) {
              listedAs.put(request.getUrl(), listed);
            }
          }
        };
    CrawlSpec crawl =
        new CrawlSpec(
            crawlId != null ? crawlId : CrawlSpec.generateCrawlId(Clock.systemUTC()),
            depth,
            scope,
            Map.of());
    out.printf("Starting an embedded Kafka broker and the workers...%n");
    try (LocalFleet fleet =
            LocalFleet.start(
                fleetOptions.fleet(
                    allowPrivateNetwork, ProcessSettings.COMMIT_INTERVAL.defaultValue()));
        OutcomeWriter writer = outFile == null ? null : new OutcomeWriter(outFile, listedAs)) {
      out.printf(
          "Crawling %,d lines of %s (crawl %s, depth %d) with %d requests in flight...%n",
          lines.size(), urls, crawl.crawlId(), depth, fleetOptions.fetchConcurrency);
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
              fleetOptions.timeout());
      out.println();
      out.print(SummaryTable.render(result.domainStats()));
      out.println();
      out.printf(
          "%,d URLs (%,d listed, %,d duplicate lines, %,d rejected) crawled in %.1f s:"
              + " %,.0f pages/s; %,d failed.%n",
          result.outcomes(),
          result.published().accepted(),
          result.published().duplicates(),
          rejected[0],
          result.seconds(),
          result.pagesPerSecond(),
          result.failed());
      if (outFile != null) {
        out.printf("Wrote %,d lines to %s%n", result.outcomes(), outFile);
      }
    }
    return rejected[0] > 0 ? 1 : 0;
  }
}
