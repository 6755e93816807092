package dev.trawl.fetch;

import dev.trawl.runtime.AdminServer;
import dev.trawl.runtime.AdminSettings;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.Metrics;
import dev.trawl.runtime.Shutdown;
import dev.trawl.runtime.config.CommandOptions;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The {@code fetch-worker} command: runs one {@link FetchWorker} until SIGTERM or Ctrl-C. */
@Command(
    name = "fetch-worker",
    mixinStandardHelpOptions = true,
    modelTransformer = FetchWorkerCommand.Options.class,
    description =
        "Consumes trawl.urls, fetches every URL, publishes to trawl.pages or trawl.fetch-dlq.")
public final class FetchWorkerCommand implements Callable<Integer> {

  /** Every option of the command. */
  public static final List<Setting<?>> SETTINGS =
      CommandOptions.all(KafkaSettings.SETTINGS, AdminSettings.SETTINGS, FetchSettings.SETTINGS);

  /** Adds {@link #SETTINGS} to the command as options. */
  static final class Options extends CommandOptions {
    Options() {
      super(SETTINGS);
    }
  }

  @Spec CommandSpec spec;

  private final Map<String, String> env;

  /** A command reading the process's environment. */
  public FetchWorkerCommand() {
    this(System.getenv());
  }

  FetchWorkerCommand(Map<String, String> env) {
    this.env = env;
  }

  /** Runs the worker until a signal stops it; 1 when it stopped on a failure, else 0. */
  @Override
  public Integer call() {
    Config config = config();
    FetchSettings settings = settings(config);
    AdminSettings admin = new AdminSettings(config);
    PrometheusMeterRegistry registry = Metrics.newRegistry("fetch-worker");
    try (FetchWorker worker = new FetchWorker(settings, new KafkaSettings(config), registry);
        AdminServer adminServer = admin.start(worker.health(), registry);
        Shutdown shutdown =
            Shutdown.onSignal(
                "fetch-worker",
                () -> stopOnSignal(worker, settings.shutdownGrace()),
                settings.shutdownGrace().toMillis() + 15_000)) {
      worker.start();
      while (!worker.awaitTermination(Duration.ofSeconds(60))) {
        // Runs until a signal closes the worker, or it stops on its own.
      }
      return worker.failure() == null ? 0 : 1;
    }
  }

  /** The options given, from the command line, the environment and the defaults. */
  Config config() {
    return CommandOptions.read(spec, SETTINGS, env);
  }

  /**
   * The fetch settings of {@code config}, checked together.
   *
   * @throws ParameterException naming the options that do not fit together
   */
  FetchSettings settings(Config config) {
    try {
      return new FetchSettings(config);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * Runs in the shutdown hook: stops the worker (outcomes in flight published, offsets committed,
   * clients closed) and, when that went cleanly, ends the process with status 0 instead of the 143
   * the JVM reports after SIGTERM: for the worker a SIGTERM is an ordinary, successful stop. {@code
   * halt} skips the remaining hooks, which is safe only because everything the worker owns is
   * closed by then; after a failure the JVM exits on its own with a non-zero status.
   */
  private static void stopOnSignal(FetchWorker worker, Duration grace) {
    worker.close(grace);
    if (worker.failure() == null && worker.awaitTermination(Duration.ZERO)) {
      System.out.flush();
      System.err.flush();
      Runtime.getRuntime().halt(0);
    }
  }

  /** Runs the command alone; the {@code trawl} launcher runs it as a subcommand. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new FetchWorkerCommand()).execute(args));
  }
}
