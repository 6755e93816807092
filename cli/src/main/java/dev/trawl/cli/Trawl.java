package dev.trawl.cli;

import dev.trawl.fetch.FetchWorkerCommand;
import dev.trawl.process.ProcessWorkerCommand;
import dev.trawl.producer.IntakeCommand;
import dev.trawl.producer.ProduceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code trawl} command as it runs in production: each role as its own process, and the tools
 * around them. The local launcher adds the commands that run the fleet on one machine.
 */
@Command(
    name = "trawl",
    mixinStandardHelpOptions = true,
    version = "trawl 0.1.0",
    description = {
      "A Kafka worker fleet for web data collection: fetch workers keep many requests in flight,"
          + " process workers parse on every core, Kafka topics join them.",
      ""
    })
public final class Trawl implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /**
   * The command line: {@code firstCommands} (the local launcher's), then every role and tool, then
   * {@code help}.
   */
  public static CommandLine commandLine(Object... firstCommands) {
    CommandLine trawl = new CommandLine(new Trawl());
    for (Object command : firstCommands) {
      add(trawl, command);
    }
    add(trawl, new ConfigCommand());
    add(trawl, new ProduceCommand());
    add(trawl, new IntakeCommand());
    add(trawl, new TailCommand());
    add(trawl, new FetchWorkerCommand());
    add(trawl, new ProcessWorkerCommand());
    trawl.addSubcommand(new HelpCommand());
    return trawl;
  }

  /**
   * Adds {@code command} as a subcommand through a command line of its own: picocli applies a
   * command's model transformer (which adds the options of its settings) only there.
   */
  private static void add(CommandLine trawl, Object command) {
    trawl.addSubcommand(new CommandLine(command));
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }
}
