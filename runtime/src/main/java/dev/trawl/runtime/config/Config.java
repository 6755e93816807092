package dev.trawl.runtime.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * The values of a set of {@link Setting}s, each checked by its definition. Built from the command
 * line, the environment and the defaults, in that order of precedence ({@link #resolve}), or from
 * the defaults alone; changed one setting at a time with {@link #with}. Immutable.
 */
public final class Config {

  private final Map<String, Setting<?>> settings;
  private final Map<String, Object> values;

  private Config(Map<String, Setting<?>> settings, Map<String, Object> values) {
    this.settings = settings;
    this.values = values;
  }

  /**
   * Every setting at its default.
   *
   * @throws IllegalArgumentException when two settings share a key or an option, or a default fails
   *     its own checks
   */
  public static Config defaults(Collection<? extends Setting<?>> settings) {
    return resolve(settings, Map.of(), Map.of());
  }

  /**
   * The values of {@code settings}: from {@code commandLine} (each option's occurrences, by setting
   * key) when given there, else from the environment variable, else the default.
   *
   * @throws IllegalArgumentException naming the option, what is wrong and, for a value from the
   *     environment, the variable
   */
  public static Config resolve(
      Collection<? extends Setting<?>> settings,
      Map<String, List<String>> commandLine,
      Map<String, String> env) {
    Map<String, Setting<?>> byKey = index(settings);
    Map<String, Object> values = new HashMap<>();
    for (Setting<?> setting : byKey.values()) {
      values.put(setting.key(), value(setting, commandLine.get(setting.key()), env));
    }
    return new Config(byKey, values);
  }

  private static <T> T value(Setting<T> setting, List<String> given, Map<String, String> env) {
    if (setting.takesEnvPrefix()) {
      return prefixed(setting, given, env);
    }
    if (given != null && !given.isEmpty()) {
      return setting.parse(given);
    }
    String fromEnv = env.get(setting.env());
    if (fromEnv != null) {
      try {
        return setting.parse(fromEnv);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(e.getMessage() + " (from " + setting.env() + ")", e);
      }
    }
    if (setting.isRequired()) {
      throw new IllegalArgumentException(
          setting.option() + " is required (or " + setting.env() + ")");
    }
    return setting.checkOrThrow(setting.defaultValue());
  }

  /**
   * A map from every {@code PREFIX_KEY} variable (key in lower case, underscores as dots), with the
   * command line's entries over it.
   */
  @SuppressWarnings("unchecked")
  private static <T> T prefixed(Setting<T> setting, List<String> given, Map<String, String> env) {
    List<String> entries = new ArrayList<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith(setting.env()) && name.length() > setting.env().length()) {
            String key = name.substring(setting.env().length()).toLowerCase(Locale.ROOT);
            entries.add(key.replace('_', '.') + "=" + value);
          }
        });
    entries.sort(null);
    if (given != null) {
      entries.addAll(given);
    }
    Map<String, String> merged = new LinkedHashMap<>();
    if (setting.defaultValue() != null) {
      merged.putAll((Map<String, String>) setting.defaultValue());
    }
    merged.putAll((Map<String, String>) setting.parse(entries));
    return setting.checkOrThrow((T) Map.copyOf(merged));
  }

  private static Map<String, Setting<?>> index(Collection<? extends Setting<?>> settings) {
    Map<String, Setting<?>> byKey = new LinkedHashMap<>();
    Map<String, Setting<?>> byOption = new HashMap<>();
    for (Setting<?> setting : settings) {
      Setting<?> sameKey = byKey.put(setting.key(), setting);
      if (sameKey != null && sameKey != setting) {
        throw new IllegalArgumentException("two settings have the key " + setting.key());
      }
      Setting<?> sameOption = byOption.put(setting.option(), setting);
      if (sameOption != null && sameOption != setting) {
        throw new IllegalArgumentException(
            setting.key() + " and " + sameOption.key() + " share the option " + setting.option());
      }
    }
    return byKey;
  }

  /**
   * The value of {@code setting}: null when it has none (no default and not given).
   *
   * @throws IllegalArgumentException when {@code setting} is not one of this config's
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    requireKnown(setting);
    return (T) values.get(setting.key());
  }

  /**
   * This config with {@code setting} set to {@code value}, checked.
   *
   * @throws IllegalArgumentException naming the option and the problem
   */
  public <T> Config with(Setting<T> setting, T value) {
    requireKnown(setting);
    Map<String, Object> changed = new HashMap<>(values);
    changed.put(setting.key(), setting.checkOrThrow(value));
    return new Config(settings, changed);
  }

  /**
   * This config narrowed to {@code wanted}: a view record keeps only its own settings, so that two
   * views of the same values are equal whatever else their configs held.
   *
   * @throws IllegalArgumentException naming a wanted setting this config does not hold
   */
  public Config select(Collection<? extends Setting<?>> wanted) {
    Map<String, Setting<?>> kept = new LinkedHashMap<>();
    Map<String, Object> keptValues = new HashMap<>();
    for (Setting<?> setting : wanted) {
      requireKnown(setting);
      kept.put(setting.key(), setting);
      keptValues.put(setting.key(), values.get(setting.key()));
    }
    return new Config(kept, keptValues);
  }

  /**
   * True when {@code setting} is one of this config's. A setting is its key: the same definition
   * with another default (a command's own default for a shared option) is the same setting.
   */
  public boolean has(Setting<?> setting) {
    return settings.containsKey(setting.key());
  }

  /** The settings of this config, in the order they were given. */
  public Collection<Setting<?>> settings() {
    return settings.values();
  }

  private void requireKnown(Setting<?> setting) {
    if (!has(Objects.requireNonNull(setting))) {
      throw new IllegalArgumentException("not a setting of this config: " + setting.key());
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Config other
        && settings.keySet().equals(other.settings.keySet())
        && values.equals(other.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  /** Every key and value, secrets hidden. */
  @Override
  public String toString() {
    StringJoiner out = new StringJoiner(", ", "{", "}");
    settings.values().forEach(s -> out.add(s.key() + "=" + shown(s)));
    return out.toString();
  }

  private <T> String shown(Setting<T> setting) {
    T value = get(setting);
    return value == null ? "null" : setting.shown(value);
  }
}
