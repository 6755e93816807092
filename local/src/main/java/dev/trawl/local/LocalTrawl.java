package dev.trawl.local;

import dev.trawl.cli.Trawl;

/**
 * The {@code trawl} command on one machine: the whole fleet on an embedded broker ({@code demo},
 * {@code run}), the broker and the demo site on their own ({@code broker}, {@code site}), then
 * every command of the production CLI.
 */
public final class LocalTrawl {

  private LocalTrawl() {}

  public static void main(String[] args) {
    System.exit(
        Trawl.commandLine(
                new DemoCommand(), new RunCommand(), new BrokerCommand(), new SiteCommand())
            .execute(args));
  }
}
