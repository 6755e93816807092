package dev.trawl.process.internal.structured;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Element;

/**
 * Reads the JSON-LD scripts of a page with Jackson into their top-level node objects: a script may
 * hold one object, an array of them, or a {@code @graph}. Real pages' JSON is often a little
 * broken, so comments, trailing commas, raw line breaks in strings, single quotes and an HTML
 * comment or CDATA wrapper are tolerated; a script that still is not JSON is counted and skipped.
 * Nesting is bounded, so a hostile script cannot exhaust the stack. Stateless and thread-safe.
 */
final class JsonLd {

  /** Top-level items read from one page. */
  static final int MAX_ITEMS = 200;

  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxNestingDepth(64).build())
                  .build())
          .enable(
              JsonReadFeature.ALLOW_JAVA_COMMENTS,
              JsonReadFeature.ALLOW_TRAILING_COMMA,
              JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS,
              JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER,
              JsonReadFeature.ALLOW_SINGLE_QUOTES)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .build();

  /** The items of a page's scripts, and how many scripts were not JSON. */
  record Items(List<SchemaItem> items, int errors) {}

  private JsonLd() {}

  static Items read(List<Element> scripts) {
    List<SchemaItem> items = new ArrayList<>();
    int errors = 0;
    for (Element script : scripts) {
      String json = unwrapped(script.data());
      if (json.isEmpty()) {
        continue;
      }
      try {
        addTopLevel(items, JSON.readTree(json));
      } catch (JsonProcessingException | RuntimeException e) {
        // Broken JSON, or nesting past the limit (a StreamConstraintsException): skip the script.
        errors++;
      }
    }
    return new Items(items.size() > MAX_ITEMS ? items.subList(0, MAX_ITEMS) : items, errors);
  }

  /** A node object, each of an array, or each of a {@code @graph} without a type of its own. */
  private static void addTopLevel(List<SchemaItem> items, JsonNode node) {
    if (node == null || items.size() >= MAX_ITEMS) {
      return;
    }
    if (node.isArray()) {
      node.forEach(element -> addTopLevel(items, element));
    } else if (node.isObject()) {
      JsonNode graph = node.get("@graph");
      if (graph != null && node.get("@type") == null) {
        addTopLevel(items, graph);
      } else {
        items.add(new JsonLdItem(node));
      }
    }
  }

  /** The script's text without whitespace, an HTML comment or a CDATA section around it. */
  static String unwrapped(String text) {
    String json = text.strip();
    json = strip(json, "<!--", "-->");
    json = strip(json, "//<![CDATA[", "//]]>");
    return strip(json, "<![CDATA[", "]]>");
  }

  private static String strip(String text, String open, String close) {
    String result = text;
    if (result.startsWith(open)) {
      result = result.substring(open.length()).strip();
    }
    if (result.endsWith(close)) {
      result = result.substring(0, result.length() - close.length()).strip();
    }
    return result;
  }
}
