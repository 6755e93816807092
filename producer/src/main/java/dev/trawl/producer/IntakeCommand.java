package dev.trawl.producer;

import dev.trawl.runtime.AdminServer;
import dev.trawl.runtime.AdminSettings;
import dev.trawl.runtime.Health;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.Metrics;
import dev.trawl.runtime.Shutdown;
import dev.trawl.runtime.config.CommandOptions;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code trawl intake}: the HTTP intake for other services, until stopped by a signal. */
@Command(
    name = "intake",
    mixinStandardHelpOptions = true,
    modelTransformer = IntakeCommand.Options.class,
    description = {
      "Serves POST /crawls (JSON) and POST /urls (one URL a line) and publishes their URLs to"
          + " Kafka, answering once Kafka has acknowledged them.",
      "POST /crawls declares its crawl (depth, scope, extraction rules, main text) in"
          + " trawl.crawls; URLs added by POST /urls?crawlId= take the crawl's definition.",
      "Health and metrics are served on the admin port, like the workers'."
    })
public final class IntakeCommand implements Callable<Integer> {

  /** Every option of the command. */
  public static final List<Setting<?>> SETTINGS =
      CommandOptions.all(
          KafkaSettings.SETTINGS,
          AdminSettings.SETTINGS,
          PublishSettings.SETTINGS,
          IntakeSettings.SETTINGS);

  /** Adds {@link #SETTINGS} to the command as options. */
  static final class Options extends CommandOptions {
    Options() {
      super(SETTINGS);
    }
  }

  private static final long SHUTDOWN_GRACE_MS = 10_000;

  @Spec CommandSpec spec;

  private final Map<String, String> env;
  private final Clock clock;
  private final CountDownLatch stopped = new CountDownLatch(1);

  /** A command reading the process's environment, naming crawls by the system clock. */
  public IntakeCommand() {
    this(System.getenv(), Clock.systemUTC());
  }

  IntakeCommand(Map<String, String> env, Clock clock) {
    this.env = env;
    this.clock = clock;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new IntakeCommand()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    Config config = config();
    IntakeSettings intake = intakeSettings(config);
    PrintWriter err = spec.commandLine().getErr();
    Health health = new Health();
    PrometheusMeterRegistry registry = Metrics.newRegistry("intake");
    try (AdminServer adminServer = startAdmin(new AdminSettings(config), health, registry);
        UrlProducer producer =
            new UrlProducer(new KafkaSettings(config), new PublishSettings(config), clock);
        IntakeServer server = start(intake, producer, registry)) {
      Shutdown shutdown = Shutdown.onSignal("intake", stopped::countDown, SHUTDOWN_GRACE_MS);
      try {
        health.setReady(true);
        err.println(
            "intake: POST /crawls and /urls on http://"
                + intake.host()
                + ":"
                + server.port()
                + (adminServer == null ? "" : ", admin on port " + adminServer.port()));
        err.flush();
        stopped.await();
        health.setReady(false);
        return CommandLine.ExitCode.OK;
      } finally {
        shutdown.finished();
      }
    } catch (KafkaException e) {
      err.println("error: cannot create a Kafka producer: " + e.getMessage());
      return ProduceCommand.FAILED;
    } finally {
      registry.close();
    }
  }

  /** Asks a running {@link #call()} to return (for tests and embedding). */
  public void stop() {
    stopped.countDown();
  }

  /** The options given, from the command line, the environment and the defaults. */
  Config config() {
    return CommandOptions.read(spec, SETTINGS, env);
  }

  /** The intake's settings; a host other machines reach without a token is refused here. */
  private IntakeSettings intakeSettings(Config config) {
    try {
      return new IntakeSettings(config);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private IntakeServer start(
      IntakeSettings intake, UrlProducer producer, PrometheusMeterRegistry registry) {
    try {
      return IntakeServer.start(intake, clock, producer, registry);
    } catch (UncheckedIOException e) {
      throw new ParameterException(
          spec.commandLine(), "--port: " + e.getMessage() + " (" + e.getCause().getMessage() + ")");
    }
  }

  private AdminServer startAdmin(
      AdminSettings admin, Health health, PrometheusMeterRegistry registry) {
    try {
      return admin.start(health, registry);
    } catch (UncheckedIOException e) {
      throw new ParameterException(spec.commandLine(), "--admin-port: " + e.getMessage());
    }
  }
}
