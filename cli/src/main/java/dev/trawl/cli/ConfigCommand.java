package dev.trawl.cli;

import dev.trawl.runtime.config.SettingsTable;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code trawl config}: the configuration reference of every role as Markdown tables, read from the
 * roles' setting definitions (the README's tables are this output, checked by a test).
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Prints every option of the fleet roles with its environment variable and default, as"
          + " Markdown tables."
    })
final class ConfigCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.out.print(reference());
    return 0;
  }

  /** The Markdown reference of every role. */
  static String reference() {
    StringBuilder out = new StringBuilder();
    Roles.settings()
        .forEach(
            (role, settings) ->
                out.append("#### `trawl ")
                    .append(role)
                    .append("`\n\n")
                    .append(SettingsTable.markdown(settings))
                    .append('\n'));
    return out.toString();
  }
}
