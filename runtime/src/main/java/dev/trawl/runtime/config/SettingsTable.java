package dev.trawl.runtime.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The configuration reference of a command as a Markdown table, read from its settings. */
public final class SettingsTable {

  private SettingsTable() {}

  /** One row per setting, by option name: option, environment variable, default, meaning. */
  public static String markdown(List<? extends Setting<?>> settings) {
    List<Setting<?>> sorted = new ArrayList<>(settings);
    sorted.sort(Comparator.comparing(Setting::option));
    StringBuilder out = new StringBuilder();
    out.append("| option | environment variable | default | meaning |\n");
    out.append("| --- | --- | --- | --- |\n");
    for (Setting<?> setting : sorted) {
      String env = setting.takesEnvPrefix() ? setting.env() + "<KEY>" : setting.env();
      String shown = setting.defaultShown();
      out.append("| `")
          .append(setting.option())
          .append("` | `")
          .append(env)
          .append("` | ")
          .append(shown.isEmpty() ? "" : "`" + shown + "`")
          .append(" | ")
          .append(setting.doc().replace("|", "\\|"))
          .append(" |\n");
    }
    return out.toString();
  }
}
