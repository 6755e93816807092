package dev.trawl.runtime.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * A command's options, made from {@link Setting} definitions: a picocli model transformer that adds
 * one option per setting (help text from its documentation, environment variable and default), and
 * {@link #read} to resolve the parsed command line into a {@link Config}.
 *
 * <p>A command names its settings in a subclass with a no-argument constructor:
 *
 * <pre>{@code
 * @Command(name = "fetch-worker", modelTransformer = FetchWorkerCommand.Options.class)
 * final class FetchWorkerCommand {
 *   static final List<Setting<?>> SETTINGS = ...;
 *   static final class Options extends CommandOptions { Options() { super(SETTINGS); } }
 * }
 * }</pre>
 */
public abstract class CommandOptions implements IModelTransformer {

  private final List<Setting<?>> settings;

  protected CommandOptions(List<? extends Setting<?>> settings) {
    this.settings = List.copyOf(settings);
  }

  /** The settings of a command: {@code groups} one after the other. */
  @SafeVarargs
  public static List<Setting<?>> all(List<? extends Setting<?>>... groups) {
    List<Setting<?>> settings = new ArrayList<>();
    for (List<? extends Setting<?>> group : groups) {
      settings.addAll(group);
    }
    return List.copyOf(settings);
  }

  @Override
  public CommandSpec transform(CommandSpec spec) {
    for (Setting<?> setting : settings) {
      spec.addOption(option(setting));
    }
    return spec;
  }

  /** The option of {@code setting}: no default of its own, so an absent option reads as absent. */
  static OptionSpec option(Setting<?> setting) {
    OptionSpec.Builder option =
        OptionSpec.builder(setting.option())
            .paramLabel(setting.label())
            .description(help(setting))
            .descriptionKey(setting.key());
    if (setting.type() == ValueType.BOOLEAN) {
      // --robots and --no-robots.
      option.type(Boolean.class).arity("0").negatable(true);
    } else if (setting.type().repeatable()) {
      option.type(List.class).auxiliaryTypes(String.class);
    } else {
      option.type(String.class);
    }
    return option.build();
  }

  /** The help text: the documentation, then where else the value can come from and its default. */
  static String help(Setting<?> setting) {
    String env =
        setting.takesEnvPrefix() ? setting.env() + "<KEY>, dots as underscores" : setting.env();
    String shown = setting.defaultShown();
    String text = setting.doc() + " (env " + env;
    if (!shown.isEmpty()) {
      text += "; default " + shown;
    }
    // picocli reads ${...} in descriptions as variables: defaults like ${java.io.tmpdir} stay text.
    return (text + ")").replace("${", "$${");
  }

  /**
   * The config of {@code settings} from the command line {@code spec} has parsed, the environment
   * and the defaults.
   *
   * @throws ParameterException naming the option and what is wrong with its value
   */
  public static Config read(
      CommandSpec spec, List<? extends Setting<?>> settings, Map<String, String> env) {
    ParseResult parsed = spec.commandLine().getParseResult();
    Map<String, List<String>> given = new HashMap<>();
    for (Setting<?> setting : settings) {
      if (parsed != null && parsed.hasMatchedOption(setting.option())) {
        given.put(setting.key(), occurrences(parsed.matchedOption(setting.option())));
      }
    }
    try {
      return Config.resolve(settings, given, env);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private static List<String> occurrences(OptionSpec option) {
    Object value = option.getValue();
    List<String> texts = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(item -> texts.add(String.valueOf(item)));
    } else if (value instanceof Boolean flag) {
      texts.add(flag.toString());
    } else if (value != null) {
      texts.add(value.toString());
    }
    return texts;
  }

  /** The settings given to this transformer. */
  public List<Setting<?>> settings() {
    return settings;
  }
}
