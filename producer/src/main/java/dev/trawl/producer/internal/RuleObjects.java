package dev.trawl.producer.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trawl.runtime.crawl.ExtractionRules;
import dev.trawl.runtime.crawl.InvalidRuleException;
import dev.trawl.schemas.ExtractionRule;
import dev.trawl.schemas.ExtractionTake;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Extraction rules written as objects, in a rules file (YAML) or the intake's JSON alike: a list of
 * {@code {name, selector, take, attribute, all, regex, trim, urlPatterns}}, the fields of {@link
 * ExtractionRule}, where {@code take} is text (the default), attribute, inner_html or outer_html in
 * any case, and {@code urlPatterns} a list of regexes or one. Each rule is checked as the process
 * worker will compile it; a problem names the rule and the field. Stateless.
 */
public final class RuleObjects {

  private static final Set<String> FIELDS =
      Set.of("name", "selector", "take", "attribute", "all", "regex", "trim", "urlPatterns");

  private RuleObjects() {}

  /**
   * The rules of {@code list}, where {@code where} names it in messages ({@code rules}).
   *
   * @throws InvalidRuleException naming the rule (by name, or by its place) and what is wrong
   */
  public static List<ExtractionRule> rules(JsonNode list, String where) {
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new InvalidRuleException(where + " must be a list of rules, not " + list);
    }
    List<ExtractionRule> rules = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      rules.add(rule(list.get(i), where + "[" + i + "]"));
    }
    return rules;
  }

  private static ExtractionRule rule(JsonNode object, String where) {
    if (!object.isObject()) {
      throw new InvalidRuleException(where + " must be a rule object, not " + object);
    }
    String name = text(object, "name", where);
    String named = name == null ? where : where + " (\"" + name + "\")";
    for (Iterator<String> fields = object.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!FIELDS.contains(field)) {
        throw new InvalidRuleException(
            named
                + ": unknown field \""
                + field
                + "\" (expected name, selector, take, attribute, all, regex, trim, urlPatterns)");
      }
    }
    if (name == null) {
      throw new InvalidRuleException(where + ": a rule needs a name");
    }
    if (text(object, "selector", named) == null) {
      throw new InvalidRuleException(named + ": a rule needs a selector");
    }
    ExtractionRule rule =
        ExtractionRule.newBuilder()
            .setName(name)
            .setSelector(text(object, "selector", named))
            .setTake(take(object, named))
            .setAttribute(text(object, "attribute", named))
            .setAll(bool(object, "all", false, named))
            .setRegex(text(object, "regex", named))
            .setTrim(bool(object, "trim", true, named))
            .setUrlPatterns(texts(object.get("urlPatterns"), named + ".urlPatterns"))
            .build();
    ExtractionRules.compile(rule);
    return rule;
  }

  private static ExtractionTake take(JsonNode object, String where) {
    String take = text(object, "take", where);
    if (take == null) {
      return ExtractionTake.TEXT;
    }
    try {
      return ExtractionTake.valueOf(take.strip().replace('-', '_').toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRuleException(
          where + ".take must be text, attribute, inner_html or outer_html, not \"" + take + "\"");
    }
  }

  private static String text(JsonNode object, String field, String where) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw new InvalidRuleException(where + "." + field + " must be a string, not " + value);
    }
    return value.textValue();
  }

  private static boolean bool(JsonNode object, String field, boolean otherwise, String where) {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return otherwise;
    }
    if (!value.isBoolean()) {
      throw new InvalidRuleException(where + "." + field + " must be true or false, not " + value);
    }
    return value.booleanValue();
  }

  private static List<String> texts(JsonNode value, String where) {
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (value.isTextual()) {
      return List.of(value.textValue());
    }
    List<String> texts = new ArrayList<>();
    if (value.isArray()) {
      for (JsonNode item : value) {
        if (!item.isTextual()) {
          break;
        }
        texts.add(item.textValue());
      }
      if (texts.size() == value.size()) {
        return texts;
      }
    }
    throw new InvalidRuleException(where + " must be a string or a list of strings, not " + value);
  }
}
