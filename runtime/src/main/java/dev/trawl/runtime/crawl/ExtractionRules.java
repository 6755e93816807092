package dev.trawl.runtime.crawl;

import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.ExtractionRule;
import dev.trawl.schemas.ExtractionTake;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jsoup.select.Evaluator;
import org.jsoup.select.QueryParser;
import org.jsoup.select.Selector;

/**
 * What a valid crawl definition is, and its rules in compiled form: the producer and the intake
 * check every definition they publish here, and the process worker compiles here what it runs, so
 * that a rule accepted at publish time is one the worker can run. Rules are bounded in number and
 * length so that a definition stays small next to the pages it describes.
 */
public final class ExtractionRules {

  /** Rules of one crawl. */
  public static final int MAX_RULES = 50;

  /** The longest rule name. */
  public static final int MAX_NAME_CHARS = 64;

  /** The longest selector, regular expression or URL pattern. */
  public static final int MAX_EXPRESSION_CHARS = 1024;

  /** URL patterns of one rule. */
  public static final int MAX_URL_PATTERNS = 16;

  /** The largest main text cap a crawl may ask for, in UTF-8 bytes. */
  public static final int MAX_MAIN_TEXT_BYTES = 128 * 1024;

  /** The main text cap of a crawl that does not give one. */
  public static final int DEFAULT_MAIN_TEXT_BYTES = 64 * 1024;

  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

  /**
   * A rule ready to run: its selector parsed by jsoup, its expressions compiled. jsoup's evaluators
   * keep per-query state, so a compiled rule belongs to one thread.
   *
   * @param regex null when the rule has none
   */
  public record Compiled(
      ExtractionRule rule, Evaluator selector, Pattern regex, List<Pattern> urlPatterns) {

    public String name() {
      return rule.getName();
    }
  }

  private ExtractionRules() {}

  /**
   * {@code rule} compiled.
   *
   * @throws InvalidRuleException naming the rule and what is wrong with it
   */
  public static Compiled compile(ExtractionRule rule) {
    String name = rule.getName();
    if (name == null || !NAME.matcher(name).matches() || name.length() > MAX_NAME_CHARS) {
      throw new InvalidRuleException(
          "rule name \""
              + name
              + "\" is not valid: letters, digits, '_', '-' or '.', starting with a letter or '_',"
              + " at most "
              + MAX_NAME_CHARS
              + " characters");
    }
    Evaluator selector = selector(name, rule.getSelector());
    if (rule.getTake() == ExtractionTake.ATTRIBUTE
        && (rule.getAttribute() == null || rule.getAttribute().isBlank())) {
      throw invalid(name, "takes an attribute but names none");
    }
    if (rule.getTake() != ExtractionTake.ATTRIBUTE && rule.getAttribute() != null) {
      throw invalid(
          name,
          "names attribute \""
              + rule.getAttribute()
              + "\" but takes "
              + rule.getTake().name().toLowerCase(Locale.ROOT));
    }
    Pattern regex = rule.getRegex() == null ? null : regex(name, "regex", rule.getRegex());
    if (rule.getUrlPatterns().size() > MAX_URL_PATTERNS) {
      throw invalid(
          name,
          "has "
              + rule.getUrlPatterns().size()
              + " URL patterns; at most "
              + MAX_URL_PATTERNS
              + " are allowed");
    }
    List<Pattern> urlPatterns = new ArrayList<>(rule.getUrlPatterns().size());
    for (String pattern : rule.getUrlPatterns()) {
      urlPatterns.add(regex(name, "URL pattern", pattern));
    }
    return new Compiled(rule, selector, regex, List.copyOf(urlPatterns));
  }

  /** Every problem of {@code definition}, each naming what it is about; empty when it is valid. */
  public static List<String> problems(CrawlDefinition definition) {
    List<String> problems = new ArrayList<>();
    if (definition.getCrawlId() == null || definition.getCrawlId().isBlank()) {
      problems.add("crawl id must not be blank");
    }
    if (definition.getMaxDepth() < 0) {
      problems.add("max depth must be >= 0, not " + definition.getMaxDepth());
    }
    int cap = definition.getMainTextMaxBytes();
    if (cap < 1 || cap > MAX_MAIN_TEXT_BYTES) {
      problems.add(
          "main text cap must be between 1 and " + MAX_MAIN_TEXT_BYTES + " bytes, not " + cap);
    }
    problems.addAll(ruleProblems(definition.getRules()));
    return problems;
  }

  /** Every problem of {@code rules} together: their number, repeated names, each rule's own. */
  public static List<String> ruleProblems(List<ExtractionRule> rules) {
    List<String> problems = new ArrayList<>();
    if (rules.size() > MAX_RULES) {
      problems.add(rules.size() + " rules; at most " + MAX_RULES + " are allowed");
    }
    Set<String> names = new HashSet<>();
    for (ExtractionRule rule : rules) {
      if (!names.add(rule.getName())) {
        problems.add("rule \"" + rule.getName() + "\" is given twice");
        continue;
      }
      try {
        compile(rule);
      } catch (InvalidRuleException e) {
        problems.add(e.getMessage());
      }
    }
    return problems;
  }

  private static Evaluator selector(String name, String selector) {
    if (selector == null || selector.isBlank()) {
      throw invalid(name, "has no selector");
    }
    tooLong(name, "selector", selector);
    try {
      return QueryParser.parse(selector);
    } catch (Selector.SelectorParseException | IllegalArgumentException e) {
      // jsoup reports a bad query as SelectorParseException, an empty one through Validate.
      throw invalid(name, "selector \"" + selector + "\" is not valid: " + e.getMessage());
    }
  }

  private static Pattern regex(String name, String what, String regex) {
    tooLong(name, what, regex);
    try {
      return Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw invalid(
          name,
          what
              + " \""
              + regex
              + "\" is not valid: "
              + e.getDescription()
              + (e.getIndex() >= 0 ? " near index " + e.getIndex() : ""));
    }
  }

  private static void tooLong(String name, String what, String text) {
    if (text.length() > MAX_EXPRESSION_CHARS) {
      throw invalid(
          name,
          what + " is " + text.length() + " characters; at most " + MAX_EXPRESSION_CHARS + " are");
    }
  }

  private static InvalidRuleException invalid(String name, String problem) {
    return new InvalidRuleException("rule \"" + name + "\": " + problem);
  }
}
