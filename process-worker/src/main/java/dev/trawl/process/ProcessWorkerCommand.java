package dev.trawl.process;

import dev.trawl.runtime.AdminSettings;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.Shutdown;
import dev.trawl.runtime.config.CommandOptions;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.KafkaStreams;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code process-worker} command: runs a {@link ProcessWorker} until SIGTERM or Ctrl-C. */
@Command(
    name = "process-worker",
    mixinStandardHelpOptions = true,
    modelTransformer = ProcessWorkerCommand.Options.class,
    description =
        "Parses fetched pages into documents, discovers links and keeps per-host statistics"
            + " (Kafka Streams, exactly-once, one stream thread per core).")
public final class ProcessWorkerCommand implements Callable<Integer> {

  /** Every option of the command. */
  public static final List<Setting<?>> SETTINGS =
      CommandOptions.all(KafkaSettings.SETTINGS, AdminSettings.SETTINGS, ProcessSettings.SETTINGS);

  /** Adds {@link #SETTINGS} to the command as options. */
  static final class Options extends CommandOptions {
    Options() {
      super(SETTINGS);
    }
  }

  @Spec CommandSpec spec;

  private final Map<String, String> env;

  /** A command reading the process's environment. */
  public ProcessWorkerCommand() {
    this(System.getenv());
  }

  ProcessWorkerCommand(Map<String, String> env) {
    this.env = env;
  }

  /** Runs the worker until a signal stops it; 1 when it failed beyond repair, else 0. */
  @Override
  public Integer call() throws InterruptedException {
    Config config = config();
    ProcessSettings settings = new ProcessSettings(config);
    Duration grace = settings.shutdownGrace();
    ProcessWorker worker =
        new ProcessWorker(settings, new KafkaSettings(config), new AdminSettings(config));
    Shutdown shutdown =
        Shutdown.onSignal(ProcessWorker.ROLE, () -> worker.close(grace), grace.toMillis());
    try {
      worker.start();
      worker.awaitTermination();
      return worker.state() == KafkaStreams.State.ERROR ? 1 : 0;
    } finally {
      worker.close(grace);
      shutdown.finished();
    }
  }

  /** The options given, from the command line, the environment and the defaults. */
  Config config() {
    return CommandOptions.read(spec, SETTINGS, env);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new ProcessWorkerCommand()).execute(args));
  }
}
