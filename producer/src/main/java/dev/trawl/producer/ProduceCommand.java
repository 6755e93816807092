package dev.trawl.producer;

import dev.trawl.producer.internal.MetricsListener;
import dev.trawl.producer.internal.ProgressBar;
import dev.trawl.producer.internal.Report;
import dev.trawl.runtime.AdminServer;
import dev.trawl.runtime.AdminSettings;
import dev.trawl.runtime.Health;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.Metrics;
import dev.trawl.runtime.Shutdown;
import dev.trawl.runtime.config.CommandOptions;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.schemas.FetchRequest;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code trawl produce}: publishes the URLs of a file (plain or gzip), stdin or a sitemap to
 * trawl.seeds, and declares their crawl (depth, scope, extraction rules) in trawl.crawls unless a
 * crawl id is given alone.
 */
@Command(
    name = "produce",
    mixinStandardHelpOptions = true,
    modelTransformer = ProduceCommand.Options.class,
    description = {
      "Publishes URLs, one per line (a file, plain or gzip, or stdin), or the URLs of a sitemap,"
          + " to Kafka as fetch requests keyed by host.",
      "A new crawl, or one given with --depth, --scope, --extract, --rules or --main-text, is"
          + " declared: its definition goes to trawl.crawls, and URLs added later with --crawl-id"
          + " alone take its depth, scope and rules.",
      "Blank lines and lines starting with # are skipped. Each rejected line is reported on"
          + " stderr as FILE:LINE: REASON: TEXT, followed by a one-paragraph summary. Lines are"
          + " read one at a time: a line longer than 64 KiB (or twice --max-url-length) or not"
          + " valid UTF-8 is rejected, and the rest is still read."
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

  /** Every option of the command. */
  public static final List<Setting<?>> SETTINGS =
      CommandOptions.all(
          KafkaSettings.SETTINGS,
          AdminSettings.SETTINGS,
          PublishSettings.SETTINGS,
          ProduceSettings.SETTINGS);

  /** Adds {@link #SETTINGS} to the command as options. */
  static final class Options extends CommandOptions {
    Options() {
      super(SETTINGS);
    }
  }

  private static final long SHUTDOWN_GRACE_MS = 60_000;

  @Spec CommandSpec spec;

  private final Map<String, String> env;
  private final InputStream stdin;
  private final Clock clock;

  /**
   * A command reading the process's environment, and stdin when no file is given, stamping requests
   * with the system clock.
   */
  public ProduceCommand() {
    this(System.getenv(), System.in, Clock.systemUTC());
  }

  ProduceCommand(Map<String, String> env, InputStream stdin, Clock clock) {
    this.env = env;
    this.stdin = stdin;
    this.clock = clock;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ProduceCommand()).execute(args));
  }

  @Override
  public Integer call() {
    Config config = config();
    ProduceSettings produce = produceSettings(config);
    PublishSettings publish = new PublishSettings(config);
    CrawlSpec crawl = produce.crawl(clock);
    PrintWriter err = spec.commandLine().getErr();
    String source = produce.inputName();
    Health health = new Health();
    PrometheusMeterRegistry registry = Metrics.newRegistry("producer");
    try (AdminServer server = startAdmin(new AdminSettings(config), health, registry);
        InputStream input = open(produce);
        UrlProducer producer = new UrlProducer(new KafkaSettings(config), publish, clock)) {
      UrlSource lines =
          produce.sitemap().isPresent()
              ? SitemapSource.of(
                  produce.sitemap().get(), publish.sendTimeout(), produce.sitemapGuard())
              : UrlSource.of(input, publish.maxLineBytes());
      Shutdown shutdown = Shutdown.onSignal("producer", producer::stop, SHUTDOWN_GRACE_MS);
      try {
        health.setReady(true);
        ProgressBar bar = progressBar(err, produce.progress());
        ProduceListener listener = listener(err, source, bar, new MetricsListener(registry));
        ProduceSummary summary = producer.publish(lines, crawl, listener);
        bar.finish();
        err.println(Report.summary(crawl.crawlId(), publish.topic(), summary));
        if (summary.completed()) {
          err.println(Report.crawl(crawl));
        }
        summary.failure().ifPresent(failure -> err.println("error: " + failure));
        err.flush();
        return exitCode(summary, produce.skipInvalid());
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

  /** The options given, from the command line, the environment and the defaults. */
  Config config() {
    return CommandOptions.read(spec, SETTINGS, env);
  }

  /** The command's own settings, the input given once. */
  private ProduceSettings produceSettings(Config config) {
    try {
      return new ProduceSettings(config);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private static int exitCode(ProduceSummary summary, boolean skipInvalid) {
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
      public void duplicate(long lineNumber, String line, String url) {
        bar.duplicate(lineNumber, line, url);
        metrics.duplicate(lineNumber, line, url);
      }

      @Override
      public void accepted(long lineNumber, String line, FetchRequest request) {
        bar.accepted(lineNumber, line, request);
        metrics.accepted(lineNumber, line, request);
      }
    };
  }

  /** A progress bar on a terminal when wanted; one that never draws otherwise. */
  private static ProgressBar progressBar(PrintWriter err, boolean wanted) {
    boolean terminal = wanted && System.console() != null;
    return new ProgressBar(err, terminal ? System::nanoTime : () -> 0L);
  }

  private AdminServer startAdmin(
      AdminSettings admin, Health health, PrometheusMeterRegistry registry) {
    try {
      return admin.start(health, registry);
    } catch (UncheckedIOException e) {
      throw new ParameterException(spec.commandLine(), "--admin-port: " + e.getMessage());
    }
  }

  /**
   * The input's bytes (file or stdin, gzip or not), read line by line by a {@link LineReader}. With
   * --sitemap, an empty stream (the sitemap is read by {@link SitemapSource}).
   */
  private InputStream open(ProduceSettings produce) throws IOException {
    if (produce.sitemap().isPresent()) {
      return InputStream.nullInputStream();
    }
    if (produce.urls().equals(ProduceSettings.STDIN)) {
      return Inputs.openBytesUnclosable(stdin);
    }
    return Inputs.openBytes(Path.of(produce.urls()));
  }
}
