package dev.trawl.local;

import dev.trawl.fetch.FetchWorkerCommand;
import dev.trawl.process.ProcessWorkerCommand;
import dev.trawl.producer.IntakeCommand;
import dev.trawl.producer.ProduceCommand;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code trawl config}: the configuration reference of every fleet role as Markdown tables, read
 * from the roles' own option definitions (the README's tables are this output, checked by a test).
 */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Prints every option of the fleet roles with its environment variable and default, as"
          + " Markdown tables."
    })
final class ConfigCommand implements Callable<Integer> {

  private static final Pattern ENV_DEFAULT = Pattern.compile("\\$\\{env:([A-Z0-9_]+)(?::-(.*))?}");

  /** The roles that run as their own processes, in data-flow order. */
  static Map<String, Object> roles() {
    Map<String, Object> roles = new LinkedHashMap<>();
    roles.put("produce", new ProduceCommand());
    roles.put("intake", new IntakeCommand());
    roles.put("fetch-worker", new FetchWorkerCommand());
    roles.put("process-worker", new ProcessWorkerCommand());
    return roles;
  }

  @Override
  public Integer call() {
    System.out.print(reference());
    return 0;
  }

  /** The Markdown reference of every role. */
  static String reference() {
    StringBuilder out = new StringBuilder();
    roles().forEach((role, command) -> out.append(table(role, command)));
    return out.toString();
  }

  static String table(String role, Object command) {
    StringBuilder out = new StringBuilder();
    out.append("#### `trawl ").append(role).append("`\n\n");
    out.append("| option | environment variable | default | meaning |\n");
    out.append("| --- | --- | --- | --- |\n");
    // Without interpolation, defaults read as written: ${env:NAME:-DEFAULT}.
    CommandLine commandLine = new CommandLine(command).setInterpolateVariables(false);
    List<OptionSpec> options = new ArrayList<>(commandLine.getCommandSpec().options());
    options.sort(Comparator.comparing(OptionSpec::longestName));
    for (OptionSpec option : options) {
      if (option.usageHelp() || option.versionHelp()) {
        continue;
      }
      String env = "";
      String defaultValue = option.defaultValue() == null ? "" : option.defaultValue();
      Matcher m = ENV_DEFAULT.matcher(defaultValue);
      if (m.matches()) {
        env = "`" + m.group(1) + "`";
        defaultValue = m.group(2) != null ? m.group(2) : describedDefault(described(option));
      }
      if (option.longestName().equals("--kafka-property")) {
        env = "`TRAWL_KAFKA_<KEY>`";
      }
      out.append("| `")
          .append(option.longestName())
          .append("` | ")
          .append(env)
          .append(" | ")
          .append(defaultValue.isEmpty() ? "" : "`" + defaultValue + "`")
          .append(" | ")
          .append(meaning(described(option)))
          .append(" |\n");
    }
    return out.append('\n').toString();
  }

  private static String described(OptionSpec option) {
    String text = String.join(" ", option.description());
    if (option.completionCandidates() != null) {
      List<String> candidates = new ArrayList<>();
      option.completionCandidates().forEach(candidates::add);
      text = text.replace("${COMPLETION-CANDIDATES}", String.join(", ", candidates));
    }
    return text;
  }

  /** A default that only the description states ("..., default 4 x --max-in-flight)"). */
  private static String describedDefault(String description) {
    int start = description.lastIndexOf("default ");
    int end = description.lastIndexOf(')');
    return start < 0 || end < start ? "" : description.substring(start + 8, end).strip();
  }

  /** The description without its "(env ..., default ...)" part, which has columns of its own. */
  static String meaning(String description) {
    int start = description.indexOf("(env ");
    if (start < 0) {
      return description.replace("|", "\\|");
    }
    int depth = 0;
    int end = start;
    for (; end < description.length(); end++) {
      char c = description.charAt(end);
      if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        break;
      }
    }
    String meaning = description.substring(0, start).strip();
    String rest = end + 1 < description.length() ? description.substring(end + 1).strip() : "";
    String joined = rest.isEmpty() || rest.startsWith(".") ? meaning + rest : meaning + " " + rest;
    return joined.replace("|", "\\|");
  }
}
