package dev.trawl.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;

class PreviousSchemasTest {

  /**
   * Every record schema of every version on disk is known to the serde of its type (unless it is
   * the current schema), so a record any earlier release wrote can be read.
   */
  @Test
  void knowsEveryEarlierSchemaOfEveryType() throws Exception {
    Path root = Path.of(getClass().getResource(PreviousSchemas.ROOT).toURI());
    List<String> unknown = new ArrayList<>();
    int versions = 0;
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path version : dirs.sorted().toList()) {
        versions++;
        for (Map.Entry<String, Schema> type :
            SchemaCompatibilityTest.parseAll(version).entrySet()) {
          Schema old = type.getValue();
          if (old.getType() != Schema.Type.RECORD) {
            continue;
          }
          AvroSerde.trustTrawlRecords();
          Schema current = SpecificData.get().getSchema(SpecificData.get().getClass(old));
          long fingerprint = SchemaNormalization.parsingFingerprint64(old);
          boolean known =
              fingerprint == SchemaNormalization.parsingFingerprint64(current)
                  || PreviousSchemas.of(current).stream()
                      .anyMatch(s -> SchemaNormalization.parsingFingerprint64(s) == fingerprint);
          if (!known) {
            unknown.add(version.getFileName() + "/" + type.getKey());
          }
        }
      }
    }

    assertThat(versions).isGreaterThanOrEqualTo(7);
    assertThat(unknown).isEmpty();
  }

  /** Versions that differ in a type add one schema each; equal ones and the current one none. */
  @Test
  void keepsEachDistinctEarlierSchemaOnce() {
    List<Schema> failures = PreviousSchemas.of(FetchFailure.getClassSchema());

    assertThat(failures.stream().map(SchemaNormalization::parsingFingerprint64).distinct())
        .hasSameSizeAs(failures)
        .doesNotContain(SchemaNormalization.parsingFingerprint64(FetchFailure.getClassSchema()));
    assertThat(failures).isNotEmpty();
    assertThat(PreviousSchemas.of(OutcomeTally.getClassSchema())).isEmpty();
  }
}
