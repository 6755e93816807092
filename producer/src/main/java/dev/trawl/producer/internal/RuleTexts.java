package dev.trawl.producer.internal;

import dev.trawl.runtime.config.ValueType;
import java.util.Arrays;
import java.util.List;

/**
 * The value type of {@code --extract}: one rule's text per occurrence on the command line, kept
 * whole (selectors hold commas), and one per line in an environment variable.
 */
public final class RuleTexts implements ValueType<List<String>> {

  @Override
  public List<String> parse(String text) {
    return Arrays.stream(text.split("\\R")).filter(line -> !line.isBlank()).toList();
  }

  @Override
  public List<String> parse(List<String> occurrences) {
    return List.copyOf(occurrences);
  }

  @Override
  public String format(List<String> value) {
    return String.join("\n", value);
  }

  @Override
  public String label() {
    return "NAME=SELECTOR[::SUFFIX]";
  }

  @Override
  public boolean repeatable() {
    return true;
  }
}
