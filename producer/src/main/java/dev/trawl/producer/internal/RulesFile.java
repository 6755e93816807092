package dev.trawl.producer.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.trawl.runtime.crawl.InvalidRuleException;
import dev.trawl.schemas.ExtractionRule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;

/**
 * A rules file: YAML (JSON is YAML too) holding {@code rules:}, a list of rule objects ({@link
 * RuleObjects}). Stateless and thread-safe.
 */
public final class RulesFile {

  /** Files larger than this are refused: a crawl's rules fit in a few KiB. */
  static final long MAX_BYTES = 1024 * 1024;

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private RulesFile() {}

  /**
   * The rules of {@code file}.
   *
   * @throws InvalidRuleException saying what is wrong with the file or which rule is wrong
   */
  public static List<ExtractionRule> read(Path file) {
    JsonNode root;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new InvalidRuleException(file + " is over " + MAX_BYTES + " bytes");
      }
      root = YAML.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new InvalidRuleException(file + " is not YAML: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new InvalidRuleException("cannot read " + file + ": " + e.getMessage());
    }
    if (root == null || !root.isObject() || !root.has("rules")) {
      throw new InvalidRuleException(file + " must hold rules: a list of rules");
    }
    for (Iterator<String> fields = root.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      if (!field.equals("rules")) {
        throw new InvalidRuleException(file + ": unknown field \"" + field + "\" (expected rules)");
      }
    }
    try {
      return RuleObjects.rules(root.get("rules"), "rules");
    } catch (InvalidRuleException e) {
      throw new InvalidRuleException(file + ": " + e.getMessage());
    }
  }
}
