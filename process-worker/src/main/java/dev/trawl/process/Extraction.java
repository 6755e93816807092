package dev.trawl.process;

import dev.trawl.process.internal.parse.Utf8;
import dev.trawl.runtime.crawl.ExtractionRules;
import dev.trawl.runtime.crawl.InvalidRuleException;
import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.ExtractionRule;
import dev.trawl.schemas.FieldError;
import dev.trawl.schemas.FieldErrorType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What a crawl asks the parser to extract beyond what every page gets: its rules, compiled, and
 * whether (and up to how many bytes) to keep the main text. A rule this worker cannot compile (a
 * definition written by something other than Trawl's producer, which checks) is kept as an
 * INVALID_RULE error for every page instead. jsoup's evaluators keep per-query state, so an
 * extraction belongs to one thread.
 */
public final class Extraction {

  /** No rules, no main text: what a page of a crawl without definition gets. */
  public static final Extraction NONE = new Extraction(List.of(), List.of(), 0);

  private final List<ExtractionRules.Compiled> rules;
  private final List<FieldError> invalidRules;
  private final int mainTextBytes;

  private Extraction(
      List<ExtractionRules.Compiled> rules, List<FieldError> invalidRules, int mainTextBytes) {
    this.rules = rules;
    this.invalidRules = invalidRules;
    this.mainTextBytes = mainTextBytes;
  }

  /** The extraction {@code definition} declares, its main text cap within the worker's own. */
  public static Extraction of(CrawlDefinition definition) {
    List<ExtractionRules.Compiled> rules = new ArrayList<>(definition.getRules().size());
    List<FieldError> invalid = new ArrayList<>(0);
    Set<String> names = new HashSet<>();
    for (ExtractionRule rule : definition.getRules()) {
      if (rules.size() + invalid.size() == ExtractionRules.MAX_RULES
          || !names.add(rule.getName())) {
        continue;
      }
      try {
        rules.add(ExtractionRules.compile(rule));
      } catch (InvalidRuleException e) {
        invalid.add(
            new FieldError(
                rule.getName(),
                FieldErrorType.INVALID_RULE,
                Utf8.prefix(e.getMessage(), DocumentLimits.MAX_ERROR_MESSAGE_BYTES)));
      }
    }
    int mainText =
        definition.getMainText()
            ? Math.max(
                1, Math.min(definition.getMainTextMaxBytes(), DocumentLimits.MAX_MAIN_TEXT_BYTES))
            : 0;
    return new Extraction(List.copyOf(rules), List.copyOf(invalid), mainText);
  }

  /** The rules to run, in order. */
  public List<ExtractionRules.Compiled> rules() {
    return rules;
  }

  /** The rules that could not be compiled, as the error each page reports for them. */
  public List<FieldError> invalidRules() {
    return invalidRules;
  }

  /** The main text's cap in UTF-8 bytes; 0 when the crawl does not want it. */
  public int mainTextBytes() {
    return mainTextBytes;
  }
}
