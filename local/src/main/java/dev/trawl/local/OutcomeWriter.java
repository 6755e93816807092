package dev.trawl.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.trawl.schemas.FinalOutcome;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Writes one JSON line per final outcome, with the URL as it was listed in the input. */
final class OutcomeWriter implements AutoCloseable {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(SerializationFeature.INDENT_OUTPUT);

  private final BufferedWriter out;
  private final Map<String, String> listedAs;

  /**
   * @param listedAs the line each normalised URL was listed as, where they differ
   */
  OutcomeWriter(Path file, Map<String, String> listedAs) throws IOException {
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    this.listedAs = listedAs;
  }

  void write(Outcome outcome) {
    try {
      out.write(JSON.writeValueAsString(Line.of(outcome, listedAs.get(outcome.url()))));
      out.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /** The JSON form of an outcome: {@code url} as listed, {@code normalizedUrl} when different. */
  record Line(
      String url,
      String normalizedUrl,
      String host,
      FinalOutcome outcome,
      int depth,
      Integer status,
      String finalUrl,
      String title,
      Integer wordCount,
      Integer outlinkCount,
      Error error) {

    record Error(String type, String message) {}

    static Line of(Outcome o, String listed) {
      boolean renamed = listed != null && !listed.equals(o.url());
      return new Line(
          renamed ? listed : o.url(),
          renamed ? o.url() : null,
          o.host(),
          o.outcome(),
          o.depth(),
          o.status() == 0 ? null : o.status(),
          o.finalUrl() == null || o.finalUrl().equals(o.url()) ? null : o.finalUrl(),
          o.title(),
          o.wordCount(),
          o.outlinkCount(),
          o.errorType() == null ? null : new Error(o.errorType(), o.error()));
    }
  }
}
