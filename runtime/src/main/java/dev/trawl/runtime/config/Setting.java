package dev.trawl.runtime.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The one definition of a setting: its dotted key, command-line option, environment variable, type,
 * default, checks and documentation. Everything else reads it: the command line ({@link
 * CommandOptions}), environment variables and defaults ({@link Config}), the configuration
 * reference ({@link SettingsTable}) and the deployment checks. Kafka's {@code ConfigDef} is the
 * model. Immutable: each builder method returns a new definition.
 *
 * <p>A setting's environment variable is {@code TRAWL_} and its key in upper case, dots as
 * underscores ({@code fetcher.max.in.flight} is {@code TRAWL_FETCHER_MAX_IN_FLIGHT}). A setting
 * with a key prefix ({@link #envPrefix()}) takes a whole map from every variable that starts with
 * it.
 *
 * @param <T> the type of its value
 */
public final class Setting<T> {

  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9]*(\\.[a-z0-9]+)*");
  private static final Pattern OPTION = Pattern.compile("--[a-z][a-z0-9]*(-[a-z0-9]+)*");

  private final String key;
  private final String option;
  private final ValueType<T> type;
  private final T defaultValue;
  private final String defaultText;
  private final List<Function<? super T, String>> checks;
  private final String doc;
  private final String label;
  private final boolean secret;
  private final boolean envPrefix;

  private Setting(
      String key,
      String option,
      ValueType<T> type,
      T defaultValue,
      String defaultText,
      List<Function<? super T, String>> checks,
      String doc,
      String label,
      boolean secret,
      boolean envPrefix) {
    this.key = key;
    this.option = option;
    this.type = type;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.checks = List.copyOf(checks);
    this.doc = doc;
    this.label = label;
    this.secret = secret;
    this.envPrefix = envPrefix;
  }

  /**
   * A setting without default, checks or documentation yet.
   *
   * @param key dotted, lower case, prefixed by component: {@code fetcher.max.in.flight}
   * @param option its command-line option: {@code --max-in-flight}
   */
  public static <T> Setting<T> of(String key, String option, ValueType<T> type) {
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("not a dotted lower-case key: " + key);
    }
    if (!OPTION.matcher(option).matches()) {
      throw new IllegalArgumentException("not a long option name: " + option);
    }
    return new Setting<>(
        key, option, Objects.requireNonNull(type), null, null, List.of(), "", null, false, false);
  }

  /** Its value when neither the command line nor the environment gives one. */
  public Setting<T> defaultValue(T value) {
    return new Setting<>(
        key, option, type, value, defaultText, checks, doc, label, secret, envPrefix);
  }

  /**
   * Documents a default that is not a constant ("4 x --max-in-flight", "one per core"); the value
   * itself stays null, and the code reading it decides.
   */
  public Setting<T> defaultText(String text) {
    return new Setting<>(
        key, option, type, defaultValue, text, checks, doc, label, secret, envPrefix);
  }

  /** One sentence for people: what it does, in the words of its users. */
  public Setting<T> doc(String text) {
    return new Setting<>(
        key, option, type, defaultValue, defaultText, checks, text, label, secret, envPrefix);
  }

  /** The placeholder in help instead of the type's ({@code ID}, {@code HOST:PORT,...}). */
  public Setting<T> label(String text) {
    return new Setting<>(
        key, option, type, defaultValue, defaultText, checks, doc, text, secret, envPrefix);
  }

  /** Its value is never shown: not in errors, not in {@link Config#toString()}. */
  public Setting<T> secret() {
    return new Setting<>(
        key, option, type, defaultValue, defaultText, checks, doc, label, true, envPrefix);
  }

  /**
   * A map setting whose environment form is one variable per entry: {@code
   * TRAWL_KAFKA_SASL_MECHANISM} sets entry {@code sasl.mechanism} of setting {@code kafka}.
   */
  public Setting<T> envPrefix() {
    if (type != ValueType.MAP) {
      throw new IllegalStateException(key + ": only a MAP setting takes its entries by prefix");
    }
    return new Setting<>(
        key, option, type, defaultValue, defaultText, checks, doc, label, secret, true);
  }

  /**
   * Adds a check: {@code problem} returns null for a good value, or what is wrong with it ("must be
   * a power of two"); the message then reads "{@code --option} must be a power of two, was 3".
   */
  public Setting<T> check(Function<? super T, String> problem) {
    List<Function<? super T, String>> more = new ArrayList<>(checks);
    more.add(problem);
    return new Setting<>(
        key, option, type, defaultValue, defaultText, more, doc, label, secret, envPrefix);
  }

  /** Numbers and durations (in milliseconds) of at least {@code min}. */
  public Setting<T> atLeast(long min) {
    return check(v -> magnitude(v) < min ? "must be at least " + min : null);
  }

  /** Numbers and durations (in milliseconds) of at most {@code max}. */
  public Setting<T> atMost(long max) {
    return check(v -> magnitude(v) > max ? "must be at most " + max : null);
  }

  /** Text that is not blank, lists and maps that are not empty. */
  public Setting<T> notEmpty() {
    return check(
        v -> {
          boolean empty =
              v instanceof String s
                  ? s.isBlank()
                  : v instanceof List<?> l ? l.isEmpty() : v instanceof Map<?, ?> m && m.isEmpty();
          return empty ? "must not be empty" : null;
        });
  }

  /** Text that matches {@code regex} entirely; {@code what} says it in words. */
  public Setting<T> matching(String regex, String what) {
    Pattern pattern = Pattern.compile(regex);
    return check(v -> pattern.matcher(String.valueOf(v)).matches() ? null : "must be " + what);
  }

  public String key() {
    return key;
  }

  public String option() {
    return option;
  }

  /** {@code TRAWL_} and the key in upper case, dots as underscores; with a prefix, ending in _. */
  public String env() {
    String name = "TRAWL_" + key.toUpperCase(Locale.ROOT).replace('.', '_');
    return envPrefix ? name + "_" : name;
  }

  /** True when every variable starting with {@link #env()} gives one map entry. */
  public boolean takesEnvPrefix() {
    return envPrefix;
  }

  public ValueType<T> type() {
    return type;
  }

  /** Its default, or null when it has none (or only a documented one, {@link #defaultText}). */
  public T defaultValue() {
    return defaultValue;
  }

  /** The default as documentation shows it: the documented text, the formatted value, or "". */
  public String defaultShown() {
    if (defaultText != null) {
      return defaultText;
    }
    return defaultValue == null ? "" : type.format(defaultValue);
  }

  public String doc() {
    return doc;
  }

  /** The placeholder in help. */
  public String label() {
    return label != null ? label : type.label();
  }

  public boolean isSecret() {
    return secret;
  }

  /**
   * Checks {@code value}; null (no value) passes.
   *
   * @throws IllegalArgumentException naming the option, the problem and the value (unless secret)
   */
  public T checkOrThrow(T value) {
    if (value == null) {
      return null;
    }
    for (Function<? super T, String> check : checks) {
      String problem;
      try {
        problem = check.apply(value);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
      }
      if (problem != null) {
        throw new IllegalArgumentException(option + " " + problem + ", was " + shown(value));
      }
    }
    return value;
  }

  /**
   * Parses and checks text from the command line or the environment.
   *
   * @throws IllegalArgumentException naming the option and what is wrong
   */
  public T parse(List<String> occurrences) {
    T value;
    try {
      value = type.parse(occurrences);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(
          option + ": " + (secret ? "invalid value" : e.getMessage()));
    }
    return checkOrThrow(value);
  }

  /** How {@code value} appears in messages: quoted text, a number, or "(hidden)". */
  String shown(T value) {
    if (secret) {
      return "(hidden)";
    }
    String text = type.format(value);
    return value instanceof String ? "'" + text + "'" : text;
  }

  private static long magnitude(Object value) {
    if (value instanceof Duration d) {
      return d.toMillis();
    }
    if (value instanceof Number n) {
      return n.longValue();
    }
    throw new IllegalStateException("not a number or duration: " + value);
  }

  @Override
  public String toString() {
    return key;
  }
}
