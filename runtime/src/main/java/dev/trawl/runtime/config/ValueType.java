package dev.trawl.runtime.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * How the text of an option (a command-line value or an environment variable) becomes a value of a
 * {@link Setting}, and back. Parse errors are {@link IllegalArgumentException}s that quote the text
 * and say what was expected; {@link Setting} adds the option's name.
 *
 * @param <T> the value's Java type
 */
public interface ValueType<T> {

  /** The value of one text, such as an environment variable's. */
  T parse(String text);

  /**
   * The value of an option given {@code occurrences} times on the command line. Only repeatable
   * types ({@link #LIST}, {@link #MAP}) accept more than one.
   */
  default T parse(List<String> occurrences) {
    if (occurrences.size() != 1) {
      throw new IllegalArgumentException("given " + occurrences.size() + " times, once expected");
    }
    return parse(occurrences.get(0));
  }

  /** The text {@link #parse(String)} turns back into {@code value}. */
  default String format(T value) {
    return String.valueOf(value);
  }

  /** The placeholder shown in help: {@code N}, {@code MS}, {@code TEXT}. */
  String label();

  /** True when the option may be given more than once on the command line. */
  default boolean repeatable() {
    return false;
  }

  /** A whole number of type int. */
  ValueType<Integer> INT =
      new ValueType<>() {
        @Override
        public Integer parse(String text) {
          return Math.toIntExact(wholeNumber(text, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }

        @Override
        public String label() {
          return "N";
        }
      };

  /** A whole number of type long. */
  ValueType<Long> LONG =
      new ValueType<>() {
        @Override
        public Long parse(String text) {
          return wholeNumber(text, Long.MIN_VALUE, Long.MAX_VALUE);
        }

        @Override
        public String label() {
          return "N";
        }
      };

  /** A duration written as whole milliseconds. */
  ValueType<Duration> MILLIS =
      new ValueType<>() {
        @Override
        public Duration parse(String text) {
          return Duration.ofMillis(wholeNumber(text, Long.MIN_VALUE, Long.MAX_VALUE));
        }

        @Override
        public String format(Duration value) {
          return String.valueOf(value.toMillis());
        }

        @Override
        public String label() {
          return "MS";
        }
      };

  /** {@code true} or {@code false}, in any case. */
  ValueType<Boolean> BOOLEAN =
      new ValueType<>() {
        @Override
        public Boolean parse(String text) {
          String t = text.strip().toLowerCase(Locale.ROOT);
          if (t.equals("true") || t.equals("false")) {
            return Boolean.valueOf(t);
          }
          throw new IllegalArgumentException("'" + text + "' is not true or false");
        }

        @Override
        public String label() {
          return "true|false";
        }
      };

  /** Any text, as given. */
  ValueType<String> TEXT =
      new ValueType<>() {
        @Override
        public String parse(String text) {
          return text;
        }

        @Override
        public String label() {
          return "TEXT";
        }
      };

  /** A file system path. */
  ValueType<Path> PATH =
      new ValueType<>() {
        @Override
        public Path parse(String text) {
          try {
            return Path.of(text);
          } catch (InvalidPathException e) {
            throw new IllegalArgumentException("'" + text + "' is not a path: " + e.getReason());
          }
        }

        @Override
        public String label() {
          return "PATH";
        }
      };

  /**
   * Values separated by commas; the option may also be repeated. Blank items are dropped and items
   * are stripped.
   */
  ValueType<List<String>> LIST =
      new ValueType<>() {
        @Override
        public List<String> parse(String text) {
          return Arrays.stream(text.split(","))
              .map(String::strip)
              .filter(item -> !item.isEmpty())
              .toList();
        }

        @Override
        public List<String> parse(List<String> occurrences) {
          return occurrences.stream().flatMap(o -> parse(o).stream()).toList();
        }

        @Override
        public String format(List<String> value) {
          return String.join(",", value);
        }

        @Override
        public String label() {
          return "VALUE[,VALUE...]";
        }

        @Override
        public boolean repeatable() {
          return true;
        }
      };

  /**
   * {@code KEY=VALUE} entries: one per occurrence on the command line (a value may contain commas),
   * separated by commas in an environment variable. Keys must not be blank.
   */
  ValueType<Map<String, String>> MAP =
      new ValueType<>() {
        @Override
        public Map<String, String> parse(String text) {
          return parse(Arrays.stream(text.split(",")).filter(e -> !e.isBlank()).toList());
        }

        @Override
        public Map<String, String> parse(List<String> occurrences) {
          Map<String, String> entries = new LinkedHashMap<>();
          for (String entry : occurrences) {
            int equals = entry.indexOf('=');
            if (equals <= 0 || entry.substring(0, equals).isBlank()) {
              throw new IllegalArgumentException(
                  "'" + entry + "' is not KEY=VALUE with a non-empty KEY");
            }
            entries.put(entry.substring(0, equals).strip(), entry.substring(equals + 1));
          }
          return Map.copyOf(entries);
        }

        @Override
        public String format(Map<String, String> value) {
          return value.entrySet().stream()
              .map(e -> e.getKey() + "=" + e.getValue())
              .sorted()
              .collect(Collectors.joining(","));
        }

        @Override
        public String label() {
          return "KEY=VALUE";
        }

        @Override
        public boolean repeatable() {
          return true;
        }
      };

  /** One of the constants of {@code type}, in any case. */
  static <E extends Enum<E>> ValueType<E> enumOf(Class<E> type) {
    return new ValueType<>() {
      @Override
      public E parse(String text) {
        for (E constant : type.getEnumConstants()) {
          if (constant.name().equalsIgnoreCase(text.strip())) {
            return constant;
          }
        }
        throw new IllegalArgumentException("'" + text + "' is not one of " + choices());
      }

      @Override
      public String label() {
        return type.getSimpleName().toUpperCase(Locale.ROOT);
      }

      private String choices() {
        return Arrays.stream(type.getEnumConstants())
            .map(Enum::name)
            .collect(Collectors.joining(", "));
      }
    };
  }

  /** A whole number in {@code [min, max]}. */
  private static long wholeNumber(String text, long min, long max) {
    String t = text.strip();
    long value;
    try {
      value = Long.parseLong(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + text + "' is not a whole number");
    }
    if (value < min || value > max) {
      throw new IllegalArgumentException(
          "'" + text + "' is out of range [" + min + ", " + max + "]");
    }
    return value;
  }
}
