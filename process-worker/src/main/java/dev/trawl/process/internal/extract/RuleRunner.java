package dev.trawl.process.internal.extract;

import dev.trawl.process.DocumentLimits;
import dev.trawl.process.internal.parse.ByteBudget;
import dev.trawl.process.internal.parse.FieldCaps;
import dev.trawl.process.internal.parse.Utf8;
import dev.trawl.runtime.crawl.ExtractionRules;
import dev.trawl.schemas.ExtractionRule;
import dev.trawl.schemas.FieldError;
import dev.trawl.schemas.FieldErrorType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * Runs a crawl's extraction rules on one parsed page, in order, within one deadline: a rule whose
 * URL patterns exclude the page is skipped, one that matches nothing gives an empty field, one that
 * runs out of time or blows up keeps what it found and gets a {@link FieldError}, and the next rule
 * still runs (one that finds the deadline passed gets a TIMEOUT without running). Values are capped
 * in number ({@link DocumentLimits#MAX_FIELD_VALUES}), in bytes each and all together; each field
 * cut is named {@code fields.NAME}. Not thread-safe: one per page.
 */
public final class RuleRunner {

  /** Elements looked at between two looks at the clock. */
  private static final int CHECK_EVERY = 256;

  /** The fields and errors of one page. */
  public record Result(Map<String, List<String>> fields, List<FieldError> errors) {}

  private final Document html;
  private final String url;
  private final Deadline deadline;
  private final FieldCaps caps;
  private final ByteBudget budget;
  private final Map<String, List<String>> fields = new LinkedHashMap<>();
  private final List<FieldError> errors = new ArrayList<>(0);

  private RuleRunner(Document html, String url, Deadline deadline, FieldCaps caps) {
    this.html = html;
    this.url = url;
    this.deadline = deadline;
    this.caps = caps;
    this.budget = new ByteBudget(caps, DocumentLimits.MAX_FIELDS_BYTES);
  }

  /**
   * Runs {@code rules} on {@code html}, the page at {@code url}, until {@code deadline}; each of
   * {@code invalid} (rules the worker could not compile) is reported as an error.
   */
  public static Result run(
      Document html,
      String url,
      List<ExtractionRules.Compiled> rules,
      List<FieldError> invalid,
      Deadline deadline,
      FieldCaps caps) {
    // HTML values as the page has them, not re-indented by jsoup's pretty printer.
    html.outputSettings().prettyPrint(false);
    RuleRunner runner = new RuleRunner(html, url, deadline, caps);
    runner.errors.addAll(invalid);
    for (ExtractionRules.Compiled rule : rules) {
      runner.run(rule);
    }
    return new Result(runner.fields, runner.errors);
  }

  private void run(ExtractionRules.Compiled rule) {
    if (deadline.passed()) {
      error(rule, FieldErrorType.TIMEOUT, "not run: " + budgetSpent() + " before this rule");
      return;
    }
    List<String> values = new ArrayList<>(rule.rule().getAll() ? 4 : 1);
    try {
      if (!appliesTo(rule.urlPatterns())) {
        return;
      }
      fields.put(rule.name(), values);
      select(rule, values);
    } catch (Deadline.Expired e) {
      fields.putIfAbsent(rule.name(), values);
      error(rule, FieldErrorType.TIMEOUT, "stopped: " + budgetSpent() + " in this rule");
    } catch (StackOverflowError e) {
      // Java's regex engine recurses per repetition of a group: a long enough value overflows the
      // stack. The stack unwinds to here, intact, so the error is this rule's alone.
      error(
          rule, FieldErrorType.FAILED, "too deep for the stack on this page (StackOverflowError)");
    } catch (RuntimeException e) {
      // A rule must never stop the stream: whatever jsoup or a regex throws is this rule's error.
      error(rule, FieldErrorType.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private String budgetSpent() {
    return "the page's extraction budget of " + deadline.budgetMillis() + " ms ran out";
  }

  private boolean appliesTo(List<Pattern> patterns) {
    if (patterns.isEmpty()) {
      return true;
    }
    for (Pattern pattern : patterns) {
      if (pattern.matcher(deadline.guard(url)).find()) {
        return true;
      }
    }
    return false;
  }

  /** Adds the values of the elements {@code rule} selects, one element at a time. */
  private void select(ExtractionRules.Compiled rule, List<String> values) {
    ExtractionRule definition = rule.rule();
    String field = "fields." + rule.name();
    Predicate<Element> matches = rule.selector().asPredicate(html);
    int[] seen = {0};
    NodeTraversor.filter(
        new NodeFilter() {
          @Override
          public FilterResult head(Node node, int depth) {
            if (++seen[0] % CHECK_EVERY == 0) {
              deadline.check();
            }
            if (!(node instanceof Element element) || !matches.test(element)) {
              return FilterResult.CONTINUE;
            }
            if (values.size() == DocumentLimits.MAX_FIELD_VALUES) {
              caps.cut(field);
              return FilterResult.STOP;
            }
            String value = value(rule, element);
            if (value != null) {
              String kept = budget.keep(field, value, DocumentLimits.MAX_FIELD_VALUE_BYTES);
              if (kept == null) {
                return FilterResult.STOP;
              }
              values.add(kept);
            }
            return definition.getAll() ? FilterResult.CONTINUE : FilterResult.STOP;
          }
        },
        html);
  }

  /** What {@code rule} takes from {@code element}: trimmed, through its regex; null for nothing. */
  private String value(ExtractionRules.Compiled rule, Element element) {
    ExtractionRule definition = rule.rule();
    String value =
        switch (definition.getTake()) {
          case TEXT -> element.text();
          case ATTRIBUTE -> element.attr(definition.getAttribute());
          case INNER_HTML -> element.html();
          case OUTER_HTML -> element.outerHtml();
        };
    if (definition.getTrim()) {
      value = value.strip();
    }
    if (rule.regex() != null) {
      Matcher matcher = rule.regex().matcher(deadline.guard(value));
      if (!matcher.find()) {
        return null;
      }
      value = firstGroup(matcher);
    }
    return value.isEmpty() ? null : value;
  }

  /** The first capture group that took part in the match, else the whole match. */
  private static String firstGroup(Matcher matcher) {
    for (int group = 1; group <= matcher.groupCount(); group++) {
      if (matcher.group(group) != null) {
        return matcher.group(group);
      }
    }
    return matcher.group();
  }

  private void error(ExtractionRules.Compiled rule, FieldErrorType type, String message) {
    errors.add(
        new FieldError(
            rule.name(), type, Utf8.prefix(message, DocumentLimits.MAX_ERROR_MESSAGE_BYTES)));
  }
}
