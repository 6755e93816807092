package dev.trawl.producer;

import dev.trawl.runtime.crawl.ExtractionRules;
import dev.trawl.schemas.ExtractionRule;
import java.util.List;

/**
 * What a crawl extracts from its pages besides what every page gets: named fields ({@link
 * ExtractionRule}s, in order) and, when {@code mainText}, each page's main text up to {@code
 * mainTextMaxBytes}.
 */
public record ExtractionSpec(List<ExtractionRule> rules, boolean mainText, int mainTextMaxBytes) {

  /** No rules, no main text. */
  public static final ExtractionSpec NONE =
      new ExtractionSpec(List.of(), false, ExtractionRules.DEFAULT_MAIN_TEXT_BYTES);

  /**
   * Checks the rules together (number, distinct names, each as the worker compiles it) and the cap.
   *
   * @throws IllegalArgumentException naming each problem
   */
  public ExtractionSpec {
    rules = List.copyOf(rules);
    List<String> problems = ExtractionRules.ruleProblems(rules);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    if (mainTextMaxBytes < 1 || mainTextMaxBytes > ExtractionRules.MAX_MAIN_TEXT_BYTES) {
      throw new IllegalArgumentException(
          "the main text cap must be between 1 and "
              + ExtractionRules.MAX_MAIN_TEXT_BYTES
              + " bytes, not "
              + mainTextMaxBytes);
    }
  }

  /** Fields only, no main text. */
  public static ExtractionSpec of(List<ExtractionRule> rules) {
    return new ExtractionSpec(rules, false, ExtractionRules.DEFAULT_MAIN_TEXT_BYTES);
  }
}
