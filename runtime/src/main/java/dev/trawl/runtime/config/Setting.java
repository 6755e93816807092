package dev.trawl.runtime.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
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
  private final Set<Flag> flags;

  /** What a setting is besides its value. */
  private enum Flag {
    /** Its value is never shown. */
    SECRET,
    /** A map taking one entry per environment variable with its prefix. */
    ENV_PREFIX,
    /** Must be given, on the command line or in the environment. */
    REQUIRED
  }

  private Setting(
      String key,
      String option,
      ValueType<T> type,
      T defaultValue,
      String defaultText,
      List<Function<? super T, String>> checks,
      String doc,
      String label,
      Set<Flag> flags) {
    this.key = key;
    this.option = option;
    this.type = type;
    this.defaultValue = defaultValue;
    this.defaultText = defaultText;
    this.checks = List.copyOf(checks);
    this.doc = doc;
    this.label = label;
    this.flags = flags.isEmpty() ? EnumSet.noneOf(Flag.class) : EnumSet.copyOf(flags);
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
        key, option, Objects.requireNonNull(type), null, null, List.of(), "", null, Set.of());
  }

  /** Its value when neither the command line nor the environment gives one. */
  public Setting<T> defaultValue(T value) {
    return new Setting<>(key, option, type, value, defaultText, checks, doc, label, flags);
  }

  /**
   * Documents a default that is not a constant ("4 x --max-in-flight", "one per core"); the value
   * itself stays null, and the code reading it decides.
   */
  public Setting<T> defaultText(String text) {
    return new Setting<>(key, option, type, defaultValue, text, checks, doc, label, flags);
  }

  /** One sentence for people: what it does, in the words of its users. */
  public Setting<T> doc(String text) {
    return new Setting<>(key, option, type, defaultValue, defaultText, checks, text, label, flags);
  }

  /** The placeholder in help instead of the type's ({@code ID}, {@code HOST:PORT,...}). */
  public Setting<T> label(String text) {
    return new Setting<>(key, option, type, defaultValue, defaultText, checks, doc, text, flags);
  }

  /** Its value is never shown: not in errors, not in {@link Config#toString()}. */
  public Setting<T> secret() {
    return new Setting<>(
        key, option, type, defaultValue, defaultText, checks, doc, label, plus(Flag.SECRET));
  }

  /** It must be given, on the command line or in the environment; it has no default. */
  public Setting<T> required() {
    return new Setting<>(
        key, option, type, null, defaultText, checks, doc, label, plus(Flag.REQUIRED));
  }

  private Set<Flag> plus(Flag flag) {
    Set<Flag> more = EnumSet.of(flag);
    more.addAll(flags);
    return more;
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
        key, option, type, defaultValue, defaultText, checks, doc, label, plus(Flag.ENV_PREFIX));
  }

  /**
   * Adds a check: {@code problem} returns null for a good value, or what is wrong with it ("must be
   * a power of two"); the message then reads "{@code --option} must be a power of two, was 3".
   */
  public Setting<T> check(Function<? super T, String> problem) {
    List<Function<? super T, String>> more = new ArrayList<>(checks);
    more.add(problem);
    return new Setting<>(key, option, type, defaultValue, defaultText, more, doc, label, flags);
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
    return takesEnvPrefix() ? name + "_" : name;
  }

  /** True when every variable starting with {@link #env()} gives one map entry. */
  public boolean takesEnvPrefix() {
    return flags.contains(Flag.ENV_PREFIX);
  }

  /** True when the setting must be given (it has no default). */
  public boolean isRequired() {
    return flags.contains(Flag.REQUIRED);
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
    return flags.contains(Flag.SECRET);
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
   * Parses and checks the occurrences of the option on the command line.
   *
   * @throws IllegalArgumentException naming the option and what is wrong
   */
  public T parse(List<String> occurrences) {
    return parsed(() -> type.parse(occurrences));
  }

  /**
   * Parses and checks the text of an environment variable (lists and maps comma-separated).
   *
   * @throws IllegalArgumentException naming the option and what is wrong
   */
  public T parse(String text) {
    return parsed(() -> type.parse(text));
  }

  private T parsed(Supplier<T> parse) {
    T value;
    try {
      value = parse.get();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(
          option
              + ": "
              + (isSecret() ? "invalid value (not shown: it is secret)" : e.getMessage()));
    }
    return checkOrThrow(value);
  }

  /** How {@code value} appears in messages: quoted text (or emptiness), a number, or "(hidden)". */
  String shown(T value) {
    if (isSecret()) {
      return "(hidden)";
    }
    String text = type.format(value);
    return value instanceof String || text.isEmpty() ? "'" + text + "'" : text;
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
