package dev.trawl.producer;

import dev.trawl.producer.internal.MetricsListener;
import dev.trawl.producer.internal.ProgressBar;
import dev.trawl.producer.internal.Report;
import dev.trawl.runtime.AdminOptions;
import dev.trawl.runtime.AdminServer;
import dev.trawl.runtime.Health;
import dev.trawl.runtime.KafkaOptions;
import dev.trawl.runtime.Metrics;
import dev.trawl.runtime.Shutdown;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchRequest;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code trawl produce}: publishes the URLs of a file (plain or gzip), stdin or a sitemap to
 * trawl.urls.
 */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    description = {
      "Publishes URLs, one per line (a file, plain or gzip, or stdin), or the URLs of a sitemap,"
          + " to Kafka as fetch requests keyed by host.",
      "Blank lines and lines starting with # are skipped. Each rejected line is reported on"
          + " stderr as FILE:LINE: REASON: TEXT, followed by a one-paragraph summary."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every line was published (or skipped with --skip-invalid)",
      "1:some lines were rejected",
      "2:Kafka was unreachable, a send failed, the input could not be read, or bad options"
    })
public final class ProduceCommand implements Callable<Integer> {

  /** Exit code when lines were rejected. */
  public static final int REJECTED = 1;

  /** Exit code when publishing could not be completed. */
  public static final int FAILED = 2;

  private static final long SHUTDOWN_GRACE_MS = 60_000;

  @Mixin PublishOptions publish;

  @Mixin KafkaOptions kafka;

  @Mixin AdminOptions admin;

  @Spec CommandSpec spec;

  @Option(
      names = "--urls",
      paramLabel = "FILE",
      defaultValue = "${env:TRAWL_PRODUCER_URLS:--}",
      description =
          "File of URLs, one per line; - reads stdin (env TRAWL_PRODUCER_URLS, default"
              + " ${DEFAULT-VALUE}).")
  String urls;

  @Option(
      names = "--sitemap",
      paramLabel = "URL|FILE",
      defaultValue = "${env:TRAWL_PRODUCER_SITEMAP}",
      description =
          "Publishes the URLs of a sitemap or sitemap index (XML, text or RSS, plain or gzip)"
              + " instead of --urls (env TRAWL_PRODUCER_SITEMAP, default none).")
  String sitemap;

  @Option(
      names = "--progress",
      negatable = true,
      defaultValue = "${env:TRAWL_PRODUCER_PROGRESS:-true}",
      fallbackValue = "true",
      description =
          "Shows a progress line on a terminal for inputs taking over a second (env"
              + " TRAWL_PRODUCER_PROGRESS, default ${DEFAULT-VALUE}).")
  boolean progress;

  @Option(
      names = "--crawl-id",
      paramLabel = "ID",
      defaultValue = "${env:TRAWL_PRODUCER_CRAWL_ID}",
      description =
          "Crawl the requests belong to (env TRAWL_PRODUCER_CRAWL_ID, default"
              + " crawl-<yyyyMMdd-HHmmss> of the current UTC time).")
  String crawlId;

  @Option(
      names = "--depth",
      paramLabel = "N",
      defaultValue = "${env:TRAWL_PRODUCER_MAX_DEPTH:-0}",
      description =
          "How many links deep discovered pages are followed; 0 fetches the given URLs"
              + " only (env TRAWL_PRODUCER_MAX_DEPTH, default ${DEFAULT-VALUE}).")
  int maxDepth;

  @Option(
      names = "--scope",
      paramLabel = "SCOPE",
      defaultValue = "${env:TRAWL_PRODUCER_SCOPE:-HOST}",
      description =
          "Which discovered links are followed: ${COMPLETION-CANDIDATES}"
              + " (env TRAWL_PRODUCER_SCOPE, default ${DEFAULT-VALUE}).")
  CrawlScope scope;

  @Option(
      names = "--metadata",
      paramLabel = "KEY=VALUE",
      description = "Metadata copied into every request; repeatable.")
  Map<String, String> metadata = new LinkedHashMap<>();

  @Option(
      names = "--skip-invalid",
      defaultValue = "${env:TRAWL_PRODUCER_SKIP_INVALID:-false}",
      description =
          "Report rejected lines but exit 0 (env TRAWL_PRODUCER_SKIP_INVALID, default"
              + " ${DEFAULT-VALUE}).")
  boolean skipInvalid;

  private final InputStream stdin;
  private final Clock clock;

  /** A command reading stdin when no file is given, stamping requests with the system clock. */
  public ProduceCommand() {
    this(System.in, Clock.systemUTC());
  }

  ProduceCommand(InputStream stdin, Clock clock) {
    this.stdin = stdin;
    this.clock = clock;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ProduceCommand()).execute(args));
  }

  @Override
  public Integer call() {
    CrawlSpec crawl = crawlSpec();
    UrlProducer.Options options = producerOptions();
    PrintWriter err = spec.commandLine().getErr();
    String source = sitemap != null ? sitemap : urls.equals("-") ? "<stdin>" : urls;
    Health health = new Health();
    PrometheusMeterRegistry registry = Metrics.newRegistry("producer");
    try (AdminServer server = startAdmin(health, registry);
        Reader input = open();
        UrlProducer producer = new UrlProducer(kafka.settings(), options)) {
      UrlSource lines =
          sitemap != null ? SitemapSource.of(sitemap, options.sendTimeout()) : UrlSource.of(input);
      Shutdown shutdown = Shutdown.onSignal("producer", producer::stop, SHUTDOWN_GRACE_MS);
      try {
        health.setReady(true);
        ProgressBar bar = progressBar(err);
        ProduceListener listener = listener(err, source, bar, new MetricsListener(registry));
        ProduceSummary summary = producer.publish(lines, crawl, listener);
        bar.finish();
        err.println(Report.summary(crawl.crawlId(), options.topic(), summary));
        summary.failure().ifPresent(failure -> err.println("error: " + failure));
        err.flush();
        return exitCode(summary);
      } finally {
        shutdown.finished();
      }
    } catch (KafkaException e) {
      err.println("error: cannot create a Kafka producer: " + e.getMessage());
      return FAILED;
    } catch (IOException e) {
      err.println("error: cannot read " + source + ": " + e.getMessage());
      return FAILED;
    } finally {
      registry.close();
    }
  }

  private int exitCode(ProduceSummary summary) {
    if (!summary.completed()) {
      return FAILED;
    }
    return summary.rejected() > 0 && !skipInvalid ? REJECTED : CommandLine.ExitCode.OK;
  }

  private static ProduceListener listener(
      PrintWriter err, String source, ProduceListener bar, ProduceListener metrics) {
    return new ProduceListener() {
      @Override
      public void rejected(Rejection rejection) {
        bar.rejected(rejection);
        err.println(rejection.report(source));
        metrics.rejected(rejection);
      }

      @Override
      public void duplicate(long lineNumber, String url) {
        bar.duplicate(lineNumber, url);
        metrics.duplicate(lineNumber, url);
      }

      @Override
      public void accepted(long lineNumber, FetchRequest request) {
        bar.accepted(lineNumber, request);
        metrics.accepted(lineNumber, request);
      }
    };
  }

  /** A progress bar on a terminal; one that never draws otherwise. */
  private ProgressBar progressBar(PrintWriter err) {
    boolean terminal = progress && System.console() != null;
    return new ProgressBar(err, terminal ? System::nanoTime : () -> 0L);
  }

  private CrawlSpec crawlSpec() {
    if (crawlId != null && crawlId.isBlank()) {
      throw bad("--crawl-id must not be blank");
    }
    if (maxDepth < 0) {
      throw bad("--depth must be >= 0, not " + maxDepth);
    }
    for (String key : metadata.keySet()) {
      if (key.isBlank()) {
        throw bad(
            "--metadata needs KEY=VALUE with a non-empty KEY, not \"=" + metadata.get(key) + "\"");
      }
    }
    String id = crawlId != null ? crawlId : CrawlSpec.generateCrawlId(clock);
    return new CrawlSpec(id, maxDepth, scope, metadata);
  }

  private UrlProducer.Options producerOptions() {
    UrlProducer.Options options = publish.producerOptions(clock);
    if (sitemap != null && !urls.equals("-")) {
      throw bad("--sitemap and --urls cannot be combined: give one input");
    }
    if (sitemap != null) {
      try {
        SitemapSource.of(sitemap, publish.sendTimeout());
      } catch (IllegalArgumentException e) {
        throw bad("--sitemap: " + e.getMessage());
      }
    }
    if (!urls.equals("-") && !Files.isRegularFile(Path.of(urls))) {
      throw bad("--urls: no such file: " + urls);
    }
    return options;
  }

  private AdminServer startAdmin(Health health, PrometheusMeterRegistry registry) {
    if (admin.port() < 0) {
      return null;
    }
    try {
      return AdminServer.start(admin.host(), admin.port(), health, registry);
    } catch (UncheckedIOException e) {
      throw bad("--admin-port: " + e.getMessage());
    }
  }

  /**
   * The input (file or stdin, gzip or not), decoded as UTF-8; malformed bytes are an error, not
   * replaced. With --sitemap, an empty reader (the sitemap is read by {@link SitemapSource}).
   */
  private Reader open() throws IOException {
    if (sitemap != null) {
      return Reader.nullReader();
    }
    if (urls.equals("-")) {
      return Inputs.openUnclosable(stdin);
    }
    return Inputs.open(Path.of(urls));
  }

  private ParameterException bad(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
