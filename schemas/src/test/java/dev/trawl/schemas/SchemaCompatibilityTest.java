package dev.trawl.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Schema evolution, checked by Avro's own checker against every previous version kept under {@code
 * src/main/resources/dev/trawl/schemas/previous/vN} ({@link PreviousSchemas}): the current classes
 * read records written with a previous schema (backward), and readers still on a previous schema
 * read current records (forward).
 */
class SchemaCompatibilityTest {

  static final Path CURRENT = Path.of("src", "main", "avro");

  static Stream<Path> previousVersions() throws IOException, URISyntaxException {
    return versionDirs().stream();
  }

  @ParameterizedTest
  @MethodSource("previousVersions")
  void currentAndPreviousSchemasReadEachOther(Path version) throws IOException {
    Map<String, Schema> previous = parseAll(version);
    Map<String, Schema> current = parseAll(CURRENT);
    List<String> problems = new ArrayList<>();
    previous.forEach(
        (name, old) -> {
          Schema now = current.get(name);
          if (now == null) {
            problems.add(name + ": removed (a type published once stays)");
            return;
          }
          check(name + " (current reads previous)", now, old, problems);
          check(name + " (previous reads current)", old, now, problems);
        });
    assertThat(problems).as("incompatible with %s", version.getFileName()).isEmpty();
  }

  @Test
  void everyCurrentTypeHasABaselineInTheNewestPreviousVersion() throws Exception {
    List<Path> versions = versionDirs();
    Path newest = versions.get(versions.size() - 1);

    assertThat(parseAll(newest).keySet())
        .as("copy each new .avsc into %s%s", PreviousSchemas.ROOT, newest.getFileName())
        .containsAll(parseAll(CURRENT).keySet());
  }

  @Test
  void currentSchemasAreTheOnesTheGeneratedClassesCarry() throws IOException {
    AvroSerde.trustTrawlRecords();
    for (Schema schema : parseAll(CURRENT).values()) {
      if (schema.getType() == Schema.Type.RECORD) {
        assertThat(SpecificData.get().getClass(schema)).as(schema.getFullName()).isNotNull();
      }
    }
  }

  private static void check(String what, Schema reader, Schema writer, List<String> problems) {
    var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
    if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
      problems.add(what + ": " + result.getResult().getIncompatibilities());
    }
  }

  private static List<Path> versionDirs() throws IOException, URISyntaxException {
    Path root = Path.of(SchemaCompatibilityTest.class.getResource(PreviousSchemas.ROOT).toURI());
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.sorted().toList();
    }
  }

  /** Every named type of the .avsc files in {@code dir}, each parsed after the types it uses. */
  static Map<String, Schema> parseAll(Path dir) throws IOException {
    List<String> texts = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
        texts.add(Files.readString(file));
      }
    }
    return PreviousSchemas.parseInOrder(texts);
  }
}
