package dev.trawl.producer.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.producer.CrawlSpec;
import dev.trawl.producer.ExtractionSpec;
import dev.trawl.runtime.crawl.ExtractionRules;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.ExtractionRule;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns intake request bodies and query strings into a {@link CrawlSpec} and input lines, refusing
 * malformed ones with an {@link IntakeError} naming the field and the bad value. Stateless and
 * thread-safe ({@link ObjectMapper} is, once configured).
 */
public final class IntakeRequests {

  /** A crawl and its input lines (seeds, or the lines of a text body). */
  public record Parsed(CrawlSpec crawl, List<String> lines) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> CRAWL_FIELDS =
      Set.of(
          "seeds",
          "crawlId",
          "depth",
          "scope",
          "metadata",
          "rules",
          "mainText",
          "mainTextMaxBytes");
  private static final Set<String> URLS_PARAMETERS =
      Set.of("crawlId", "depth", "scope", "metadata");

  private final Clock clock;

  public IntakeRequests(Clock clock) {
    this.clock = clock;
  }

  /**
   * A {@code POST /crawls} body: {@code {"seeds": [...], "crawlId", "depth", "scope", "metadata",
   * "rules": [...], "mainText", "mainTextMaxBytes"}}; it declares its crawl.
   */
  public Parsed crawl(byte[] body) throws IntakeError {
    JsonNode root;
    try {
      root = JSON.readTree(text(body));
    } catch (JsonProcessingException e) {
      throw new IntakeError(400, "MALFORMED_JSON", "malformed JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw invalid("the body must be a JSON object");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!CRAWL_FIELDS.contains(name)) {
        throw invalid(
            "unknown field \""
                + name
                + "\" (expected seeds, crawlId, depth, scope, metadata, rules, mainText,"
                + " mainTextMaxBytes)");
      }
    }
    JsonNode seeds = root.get("seeds");
    if (seeds == null || !seeds.isArray() || seeds.isEmpty()) {
      throw invalid("seeds must be a non-empty array of URL strings");
    }
    List<String> lines = new ArrayList<>(seeds.size());
    for (JsonNode seed : seeds) {
      if (!seed.isTextual()) {
        throw invalid("seeds must be a non-empty array of URL strings, not containing " + seed);
      }
      lines.add(seed.textValue());
    }
    String crawlId = optionalText(root, "crawlId");
    String depth = root.has("depth") ? root.get("depth").toString() : null;
    if (root.has("depth") && !root.get("depth").canConvertToExactIntegral()) {
      throw invalid("depth must be an integer >= 0, not " + depth);
    }
    String scope = optionalText(root, "scope");
    Map<String, String> metadata = new LinkedHashMap<>();
    JsonNode meta = root.get("metadata");
    if (meta != null && !meta.isNull()) {
      if (!meta.isObject()) {
        throw invalid("metadata must be an object of strings, not " + meta);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = meta.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getValue().isTextual()) {
          throw invalid(
              "metadata." + field.getKey() + " must be a string, not " + field.getValue());
        }
        metadata.put(field.getKey(), field.getValue().textValue());
      }
    }
    CrawlSpec spec = spec(crawlId, depth, scope, metadata, true);
    return new Parsed(
        new CrawlSpec(
            spec.crawlId(), spec.maxDepth(), spec.scope(), spec.metadata(), extraction(root), true),
        lines);
  }

  /** The rules and main text of a {@code POST /crawls} body. */
  private static ExtractionSpec extraction(JsonNode root) throws IntakeError {
    JsonNode mainText = root.get("mainText");
    if (mainText != null && !mainText.isNull() && !mainText.isBoolean()) {
      throw invalid("mainText must be true or false, not " + mainText);
    }
    JsonNode cap = root.get("mainTextMaxBytes");
    if (cap != null && !cap.isNull() && !cap.canConvertToExactIntegral()) {
      throw invalid("mainTextMaxBytes must be an integer, not " + cap);
    }
    try {
      List<ExtractionRule> rules = RuleObjects.rules(root.get("rules"), "rules");
      return new ExtractionSpec(
          rules,
          mainText != null && mainText.booleanValue(),
          cap == null || cap.isNull()
              ? ExtractionRules.DEFAULT_MAIN_TEXT_BYTES
              : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, cap.longValue())));
    } catch (IllegalArgumentException e) {
      // InvalidRuleException names the rule and the field; the others say what is wrong.
      throw invalid(e.getMessage());
    }
  }

  /**
   * The crawl of a {@code POST /urls} request, from its query string ({@code
   * crawlId=...&depth=N&scope=HOST&metadata=KEY=VALUE}, metadata repeatable); its body is read line
   * by line as it arrives. It adds URLs to the crawl without declaring it: a declared crawl's
   * definition gives them its depth, scope and rules, and depth and scope hold only for a crawl
   * without one.
   */
  public CrawlSpec urls(String rawQuery) throws IntakeError {
    String crawlId = null;
    String depth = null;
    String scope = null;
    Map<String, String> metadata = new LinkedHashMap<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String name = decode(eq < 0 ? pair : pair.substring(0, eq));
        String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
        if (!URLS_PARAMETERS.contains(name)) {
          throw invalid(
              "unknown query parameter \""
                  + name
                  + "\" (expected crawlId, depth, scope, metadata)");
        }
        switch (name) {
          case "crawlId" -> crawlId = value;
          case "depth" -> depth = value;
          case "scope" -> scope = value;
          default -> {
            int kv = value.indexOf('=');
            if (kv < 1) {
              throw invalid("metadata must be KEY=VALUE with a non-empty KEY, not " + value);
            }
            metadata.put(value.substring(0, kv), value.substring(kv + 1));
          }
        }
      }
    }
    return spec(crawlId, depth, scope, metadata, false);
  }

  /**
   * The spec of these fields; one that does not {@code declare} adds URLs to its crawl as it was
   * declared (depth and scope hold only for a crawl without definition).
   */
  private CrawlSpec spec(
      String crawlId, String depth, String scope, Map<String, String> metadata, boolean declares)
      throws IntakeError {
    if (crawlId != null && crawlId.isBlank()) {
      throw invalid("crawlId must not be blank");
    }
    int maxDepth = 0;
    if (depth != null) {
      try {
        maxDepth = Integer.parseInt(depth);
      } catch (NumberFormatException e) {
        maxDepth = -1;
      }
      if (maxDepth < 0) {
        throw invalid("depth must be an integer >= 0, not " + depth);
      }
    }
    CrawlScope crawlScope = CrawlScope.HOST;
    if (scope != null) {
      try {
        crawlScope = CrawlScope.valueOf(scope);
      } catch (IllegalArgumentException e) {
        throw invalid("scope must be one of HOST, DOMAIN, ANY, not " + scope);
      }
    }
    String id = crawlId != null ? crawlId : CrawlSpec.generateCrawlId(clock);
    try {
      return declares
          ? new CrawlSpec(id, maxDepth, crawlScope, metadata)
          : CrawlSpec.adding(id, maxDepth, crawlScope, metadata);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  private static String optionalText(JsonNode root, String field) throws IntakeError {
    JsonNode node = root.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isTextual()) {
      throw invalid(field + " must be a string, not " + node);
    }
    return node.textValue();
  }

  /** Strict UTF-8: malformed bytes refuse the request instead of being replaced. */
  private static String text(byte[] body) throws IntakeError {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw new IntakeError(400, "MALFORMED_TEXT", "the body is not valid UTF-8");
    }
  }

  private static String decode(String text) throws IntakeError {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw invalid("malformed query string: " + e.getMessage());
    }
  }

  private static IntakeError invalid(String message) {
    return new IntakeError(400, "INVALID_REQUEST", message);
  }
}
