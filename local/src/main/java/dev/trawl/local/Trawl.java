package dev.trawl.local;

import dev.trawl.fetch.FetchWorkerCommand;
import dev.trawl.process.ProcessWorkerCommand;
import dev.trawl.producer.IntakeCommand;
import dev.trawl.producer.ProduceCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code trawl} command: every role, and the whole fleet on one machine. */
@Command(
    name = "trawl",
    mixinStandardHelpOptions = true,
    version = "trawl 0.1.0",
    description = {
      "A Kafka worker fleet for web data collection: fetch workers keep many requests in flight,"
          + " process workers parse on every core, Kafka topics join them.",
      ""
    },
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      BrokerCommand.class,
      SiteCommand.class,
      ConfigCommand.class,
      ProduceCommand.class,
      IntakeCommand.class,
      TailCommand.class,
      FetchWorkerCommand.class,
      ProcessWorkerCommand.class,
      HelpCommand.class
    })
public final class Trawl implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Trawl()).execute(args));
  }
}
