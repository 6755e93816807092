package dev.trawl.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every earlier version of Trawl's schemas, shipped in this jar as {@value #ROOT}{@code
 * vN/Type.avsc} (N = 1, 2, ... without gaps, one directory per release that changed a schema):
 * single-object encoding names the writer's schema only by its fingerprint, so a reader resolves a
 * record an earlier release wrote only if it knows that release's schema. A schema change adds the
 * new version's files (SchemaCompatibilityTest fails until each current type has a baseline in the
 * newest version). Thread-safe.
 */
final class PreviousSchemas {

  /** Where the versions are, on the class path. */
  static final String ROOT = "/dev/trawl/schemas/previous/";

  /** A type of every version (the first Trawl had): a version's directory exists if this does. */
  private static final String EVERY_VERSION_HAS = "FetchRequest";

  private static final Map<String, List<Schema>> BY_TYPE = new ConcurrentHashMap<>();

  private PreviousSchemas() {}

  /**
   * The earlier schemas of {@code current}'s type that differ from it (by Avro's parsing
   * fingerprint), each once, oldest first.
   */
  static List<Schema> of(Schema current) {
    return BY_TYPE.computeIfAbsent(current.getFullName(), name -> load(current));
  }

  /**
   * What a decoder of {@code current} asks when a record names a schema it does not know: the
   * earlier schema of the type with that fingerprint, or null.
   */
  static SchemaStore store(Schema current) {
    return fingerprint ->
        of(current).stream()
            .filter(schema -> SchemaNormalization.parsingFingerprint64(schema) == fingerprint)
            .findFirst()
            .orElse(null);
  }

  private static List<Schema> load(Schema current) {
    Set<String> names = new LinkedHashSet<>();
    namedTypes(current, names);
    Map<Long, Schema> distinct = new LinkedHashMap<>();
    for (int version = 1; resource(version, EVERY_VERSION_HAS) != null; version++) {
      if (resource(version, current.getName()) == null) {
        continue; // the type is newer than this version
      }
      List<String> texts = new ArrayList<>();
      for (String name : names) {
        String text = resource(version, name);
        if (text != null) {
          texts.add(text);
        }
      }
      Schema old = parseInOrder(texts).get(current.getFullName());
      distinct.putIfAbsent(SchemaNormalization.parsingFingerprint64(old), old);
    }
    distinct.remove(SchemaNormalization.parsingFingerprint64(current));
    return List.copyOf(distinct.values());
  }

  /** Every named type of {@code texts} (.avsc files), each parsed after the types it uses. */
  static Map<String, Schema> parseInOrder(List<String> texts) {
    List<String> pending = new ArrayList<>(texts);
    List<String> ordered = new ArrayList<>();
    while (!pending.isEmpty()) {
      String next =
          pending.stream()
              .filter(candidate -> parses(ordered, candidate))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("unresolvable schemas: " + pending));
      ordered.add(next);
      pending.remove(next);
    }
    Schema.Parser parser = new Schema.Parser();
    ordered.forEach(parser::parse);
    return parser.getTypes();
  }

  private static boolean parses(List<String> before, String candidate) {
    Schema.Parser parser = new Schema.Parser();
    try {
      before.forEach(parser::parse);
      parser.parse(candidate);
      return true;
    } catch (AvroRuntimeException e) {
      return false;
    }
  }

  /** The simple names of {@code schema} and of every named type it uses, at any depth. */
  private static void namedTypes(Schema schema, Set<String> names) {
    switch (schema.getType()) {
      case RECORD -> {
        if (names.add(schema.getName())) {
          schema.getFields().forEach(field -> namedTypes(field.schema(), names));
        }
      }
      case ENUM, FIXED -> names.add(schema.getName());
      case ARRAY -> namedTypes(schema.getElementType(), names);
      case MAP -> namedTypes(schema.getValueType(), names);
      case UNION -> schema.getTypes().forEach(branch -> namedTypes(branch, names));
      default -> {}
    }
  }

  private static String resource(int version, String name) {
    try (InputStream in =
        PreviousSchemas.class.getResourceAsStream(ROOT + "v" + version + "/" + name + ".avsc")) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
