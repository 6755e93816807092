package dev.trawl.local;

import dev.trawl.fetch.EgressSettings;
import dev.trawl.process.ProcessSettings;
import dev.trawl.producer.CrawlSpec;
import dev.trawl.producer.Inputs;
import dev.trawl.producer.ProduceListener;
import dev.trawl.producer.ProduceSettings;
import dev.trawl.producer.PublishSettings;
import dev.trawl.producer.Rejection;
import dev.trawl.producer.UrlSource;
import dev.trawl.runtime.config.CommandOptions;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import dev.trawl.schemas.FetchRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code trawl run}: crawls a person's own URL list on the whole local fleet. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    modelTransformer = RunCommand.Options.class,
    description = {
      "Crawls the URLs listed in FILE (one a line, plain or gzip; blank lines and # comments"
          + " skipped) with the whole fleet on an embedded broker, until every URL, and every"
          + " discovered URL within --depth, has a final outcome. Writes one JSON line per input"
          + " line (REJECTED and DUPLICATE lines too) and per discovered URL to --out, with each"
          + " page's structured data and the fields of --extract and --rules, and prints a"
          + " per-host summary and the overall pages/s. The logs of Kafka and the workers go to a"
          + " file whose path is printed.",
      "Exit code: 0 when every URL has an outcome, 1 when some lines were rejected (still"
          + " crawling the rest), 2 when the crawl could not complete (a worker died, the crawl"
          + " stalled or timed out, or the file could not be read)."
    })
final class RunCommand implements Callable<Integer> {

  static final Setting<Path> URLS =
      Setting.of("run.urls", "--urls", ValueType.PATH)
          .required()
          .label("FILE")
          .doc("The URL list: one a line, plain or gzip; blank lines and # comments skipped.");

  static final Setting<Path> OUT =
      Setting.of("run.out", "--out", ValueType.PATH)
          .defaultText("none")
          .label("FILE.jsonl")
          .doc("Where to write one JSON line per input line and per discovered URL.");

  static final List<Setting<?>> SETTINGS =
      CommandOptions.all(
          List.of(
              URLS,
              OUT,
              ProduceSettings.DEPTH,
              ProduceSettings.SCOPE,
              ProduceSettings.CRAWL_ID,
              EgressSettings.ALLOW_PRIVATE_NETWORK),
          ProduceSettings.EXTRACTION,
          FleetSettings.SETTINGS);

  /** Adds {@link #SETTINGS} to the command as options. */
  static final class Options extends CommandOptions {
    Options() {
      super(SETTINGS);
    }
  }

  /** Exit code when some lines were rejected and the rest was crawled. */
  static final int REJECTED = 1;

  /** Exit code when the crawl could not complete. */
  static final int INCOMPLETE = 2;

  @Spec CommandSpec spec;

  private final PrintStream out;
  private final PrintStream err;
  private final Map<String, String> env;
  private final Consumer<LocalFleet> started;

  RunCommand() {
    this(System.out, System.err, System.getenv(), fleet -> {});
  }

  /**
   * @param started called with the fleet once it runs, before any URL is published
   */
  RunCommand(
      PrintStream out, PrintStream err, Map<String, String> env, Consumer<LocalFleet> started) {
    this.out = out;
    this.err = err;
    this.env = env;
    this.started = started;
  }

  @Override
  public Integer call() throws Exception {
    Config config = CommandOptions.read(spec, SETTINGS, env);
    Path urls = config.get(URLS);
    Path outFile = config.get(OUT);
    CrawlSpec crawl = crawlSpec(config);
    Listing listing = new Listing();
    try (RunLog log = RunLog.start("run");
        InputStream input = Inputs.openBytes(urls);
        OutcomeWriter writer = outFile == null ? null : new OutcomeWriter(outFile, listing)) {
      out.printf("Starting an embedded Kafka broker and the workers (logs: %s)...%n", log.file());
      LinesReport report = new LinesReport(urls.toString(), err, writer, listing);
      try (LocalFleet fleet = LocalFleet.start(fleetOptions(config))) {
        started.accept(fleet);
        out.printf(
            "Crawling the URLs of %s (crawl %s, depth %d) with %d requests in flight...%n",
            urls, crawl.crawlId(), crawl.maxDepth(), config.get(FleetSettings.MAX_IN_FLIGHT));
        ProgressPrinter progress =
            new ProgressPrinter(out, System.console() != null, fleet.fetchWorker()::inFlight);
        CrawlRun.Result result =
            CrawlRun.execute(
                fleet,
                UrlSource.of(input, PublishSettings.defaults().maxLineBytes()),
                crawl,
                report,
                outcome -> {
                  if (writer != null) {
                    writer.write(outcome);
                  }
                },
                progress,
                FleetSettings.limits(config));
        printSummary(result, report.rejected(), outFile, writer);
      } catch (CrawlIncomplete | IllegalStateException e) {
        err.println("error: " + e.getMessage() + " (logs: " + log.file() + ")");
        return INCOMPLETE;
      }
      return report.rejected() > 0 ? REJECTED : 0;
    } catch (IOException e) {
      err.println("error: cannot read " + urls + ": " + e);
      return INCOMPLETE;
    }
  }

  private static LocalFleet.Options fleetOptions(Config config) {
    return FleetSettings.fleet(
        config,
        config.get(EgressSettings.ALLOW_PRIVATE_NETWORK),
        ProcessSettings.COMMIT_INTERVAL.defaultValue());
  }

  /** The crawl to declare: its id, depth, scope and extraction as given. */
  private CrawlSpec crawlSpec(Config config) {
    String crawlId = config.get(ProduceSettings.CRAWL_ID);
    try {
      return new CrawlSpec(
          crawlId != null ? crawlId : CrawlSpec.generateCrawlId(Clock.systemUTC()),
          ProduceSettings.depth(config),
          ProduceSettings.scope(config),
          Map.of(),
          ProduceSettings.extraction(config),
          true);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private void printSummary(
      CrawlRun.Result result, long rejected, Path outFile, OutcomeWriter writer) {
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
    if (writer != null) {
      out.printf("Wrote %,d lines to %s%n", writer.lines(), outFile);
    }
  }

  /**
   * Reports each input line as it is published: rejected lines on the terminal ({@code FILE:LINE:
   * REASON: TEXT}) and in the output, duplicate lines in the output, accepted URLs in the listing.
   * Called on the publishing thread.
   */
  private static final class LinesReport implements ProduceListener {
    private final String source;
    private final PrintStream err;
    private final OutcomeWriter writer;
    private final Listing listing;
    private long rejected;

    LinesReport(String source, PrintStream err, OutcomeWriter writer, Listing listing) {
      this.source = source;
      this.err = err;
      this.writer = writer;
      this.listing = listing;
    }

    long rejected() {
      return rejected;
    }

    @Override
    public void rejected(Rejection rejection) {
      rejected++;
      err.println(rejection.report(source));
      if (writer != null) {
        writer.rejected(rejection);
      }
    }

    @Override
    public void duplicate(long lineNumber, String line, String url) {
      if (writer != null) {
        writer.duplicate(lineNumber, line, url, listing.line(url));
      }
    }

    @Override
    public void accepted(long lineNumber, String line, FetchRequest request) {
      listing.accepted(lineNumber, line, request.getUrl());
    }
  }
}
