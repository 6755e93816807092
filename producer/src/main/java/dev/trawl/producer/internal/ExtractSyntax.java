package dev.trawl.producer.internal;

import dev.trawl.runtime.crawl.ExtractionRules;
import dev.trawl.runtime.crawl.InvalidRuleException;
import dev.trawl.schemas.ExtractionRule;
import dev.trawl.schemas.ExtractionTake;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The command line's form of an extraction rule, {@code NAME=SELECTOR[::SUFFIX]...}, where each
 * suffix says what to take ({@code ::text}, the default; {@code ::attr(NAME)}, {@code
 * ::attr(abs:href)} for an absolute URL; {@code ::html}; {@code ::outer-html}) or how: {@code
 * ::all} (every match), {@code ::re(REGEX)} (the first capture group), {@code ::url(REGEX)} (only
 * on pages whose URL the regex finds; repeatable), {@code ::raw} (no trimming). The selector ends
 * at the first {@code ::} that starts a suffix outside brackets and quotes; a function's argument
 * ends at the first {@code )} followed by the end or by the next suffix. Stateless.
 */
public final class ExtractSyntax {

  /** The shape shown in help and messages. */
  public static final String FORM =
      "NAME=SELECTOR[::text|::attr(NAME)|::html|::outer-html]"
          + "[::all][::re(REGEX)][::url(REGEX)][::raw]";

  private static final Set<String> KEYWORDS =
      Set.of("text", "attr", "html", "outer-html", "all", "re", "url", "raw");

  private static final Set<String> FUNCTIONS = Set.of("attr", "re", "url");

  private ExtractSyntax() {}

  /**
   * The rule {@code text} writes, checked as the process worker will compile it.
   *
   * @throws InvalidRuleException saying what is wrong, naming the rule
   */
  public static ExtractionRule parse(String text) {
    int equals = text.indexOf('=');
    if (equals <= 0 || text.substring(0, equals).isBlank()) {
      throw new InvalidRuleException("'" + text + "' is not " + FORM);
    }
    String name = text.substring(0, equals).strip();
    String spec = text.substring(equals + 1);
    int cut = firstSuffix(spec);
    ExtractionRule.Builder rule =
        ExtractionRule.newBuilder()
            .setName(name)
            .setSelector(spec.substring(0, cut).strip())
            .setTake(ExtractionTake.TEXT)
            .setAttribute(null)
            .setAll(false)
            .setRegex(null)
            .setTrim(true);
    List<String> urlPatterns = new ArrayList<>();
    String taken = null;
    int at = cut;
    while (at < spec.length()) {
      int start = at + 2;
      int end = start;
      while (end < spec.length() && isKeywordChar(spec.charAt(end))) {
        end++;
      }
      String keyword = spec.substring(start, end);
      if (!KEYWORDS.contains(keyword)) {
        throw invalid(name, "unknown suffix '::" + keyword + "' (the form is " + FORM + ")");
      }
      String argument = null;
      if (FUNCTIONS.contains(keyword)) {
        if (end >= spec.length() || spec.charAt(end) != '(') {
          throw invalid(name, "'::" + keyword + "' needs an argument: ::" + keyword + "(...)");
        }
        int close = argumentEnd(spec, end + 1);
        if (close < 0) {
          throw invalid(name, "'::" + keyword + "(' has no closing ')'");
        }
        argument = spec.substring(end + 1, close);
        end = close + 1;
      }
      if (keyword.equals("text") || keyword.equals("attr") || keyword.contains("html")) {
        if (taken != null) {
          throw invalid(name, "takes two things: ::" + taken + " and ::" + keyword);
        }
        taken = keyword;
      }
      apply(rule, keyword, argument, urlPatterns);
      at = end;
    }
    ExtractionRule built = rule.setUrlPatterns(urlPatterns).build();
    ExtractionRules.compile(built);
    return built;
  }

  private static void apply(
      ExtractionRule.Builder rule, String keyword, String argument, List<String> urlPatterns) {
    switch (keyword) {
      case "attr" -> rule.setTake(ExtractionTake.ATTRIBUTE).setAttribute(argument.strip());
      case "html" -> rule.setTake(ExtractionTake.INNER_HTML);
      case "outer-html" -> rule.setTake(ExtractionTake.OUTER_HTML);
      case "all" -> rule.setAll(true);
      case "re" -> rule.setRegex(argument);
      case "url" -> urlPatterns.add(argument);
      case "raw" -> rule.setTrim(false);
      default -> rule.setTake(ExtractionTake.TEXT);
    }
  }

  /**
   * Where the selector ends: the first {@code ::} outside brackets, parentheses and quotes that is
   * followed by a keyword; the length when there is none.
   */
  static int firstSuffix(String spec) {
    int depth = 0;
    char quote = 0;
    for (int i = 0; i < spec.length(); i++) {
      char c = spec.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(' || c == '[') {
        depth++;
      } else if ((c == ')' || c == ']') && depth > 0) {
        depth--;
      } else if (depth == 0 && spec.startsWith("::", i) && startsSuffix(spec, i)) {
        return i;
      }
    }
    return spec.length();
  }

  /** True when {@code spec} has {@code ::KEYWORD} at {@code at}, then its end, ( or ::. */
  private static boolean startsSuffix(String spec, int at) {
    int end = at + 2;
    while (end < spec.length() && isKeywordChar(spec.charAt(end))) {
      end++;
    }
    return end > at + 2
        && (end == spec.length() || spec.charAt(end) == '(' || spec.startsWith("::", end));
  }

  /** The first ')' from {@code from} followed by the end or a suffix; -1 when none. */
  private static int argumentEnd(String spec, int from) {
    for (int i = spec.indexOf(')', from); i >= 0; i = spec.indexOf(')', i + 1)) {
      if (i + 1 == spec.length() || (spec.startsWith("::", i + 1) && startsSuffix(spec, i + 1))) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isKeywordChar(char c) {
    return (c >= 'a' && c <= 'z') || c == '-';
  }

  private static InvalidRuleException invalid(String name, String problem) {
    return new InvalidRuleException("rule \"" + name + "\": " + problem);
  }
}
