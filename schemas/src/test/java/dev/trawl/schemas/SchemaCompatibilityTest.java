package dev.trawl.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every record type must stay readable when written with any previous version kept under {@code
 * src/test/resources/previous/} (backward compatibility, checked by Avro's own checker).
 */
class SchemaCompatibilityTest {

  static final List<Class<?>> RECORDS =
      List.of(
          FetchRequest.class,
          FetchResult.class,
          FetchFailure.class,
          Document.class,
          DomainStats.class);

  static Stream<Path> previousVersions() throws IOException, URISyntaxException {
    Path root = Path.of(SchemaCompatibilityTest.class.getResource("/previous").toURI());
    try (Stream<Path> dirs = Files.list(root)) {
      return dirs.sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("previousVersions")
  void currentSchemasReadEveryPreviousVersion(Path version) throws IOException {
    Schema.Parser parser = new Schema.Parser();
    for (String shared :
        List.of(
            "ErrorType",
            "FetchError",
            "CrawlScope",
            "FetchOutcome",
            "FetchRequest",
            "FetchResult")) {
      parse(parser, version.resolve(shared + ".avsc"));
    }
    List<String> problems = new ArrayList<>();
    for (Class<?> type : RECORDS) {
      Path file = version.resolve(type.getSimpleName() + ".avsc");
      Schema writer =
          parser.getTypes().containsKey(type.getName())
              ? parser.getTypes().get(type.getName())
              : parse(parser, file);
      Schema reader = SpecificData.get().getSchema(type);
      var result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
      if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
        problems.add(type.getSimpleName() + ": " + result.getDescription());
      }
    }
    assertThat(problems).as("incompatible with %s", version.getFileName()).isEmpty();
  }

  private static Schema parse(Schema.Parser parser, Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return parser.parse(in);
    }
  }
}
