package dev.trawl.local;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.cli.AvroJson;
import dev.trawl.producer.Rejection;
import dev.trawl.schemas.StructuredData;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes one JSON line per input line that is not blank or a comment, and one per discovered URL:
 * each URL's final outcome (with the URL as it was listed), each rejected line, each line repeating
 * a URL listed before.
 */
final class OutcomeWriter implements AutoCloseable {

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setSerializationInclusion(JsonInclude.Include.NON_NULL)
          .disable(SerializationFeature.INDENT_OUTPUT);

  private static final AvroJson STRUCTURED = AvroJson.compact();

  private final BufferedWriter out;
  private final Listing listing;
  private long lines;

  /**
   * @param listing where each URL was listed, read when its outcome is written
   */
  OutcomeWriter(Path file, Listing listing) throws IOException {
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    this.listing = listing;
  }

  /** A URL's final outcome. */
  void write(Outcome outcome) {
    write(Line.of(outcome, listing));
  }

  /** A line that is not a URL Trawl can fetch. */
  void rejected(Rejection rejection) {
    write(
        Line.ofInput(
            rejection.line().strip(),
            null,
            rejection.lineNumber(),
            LineOutcome.REJECTED,
            null,
            new Line.Error(rejection.reason().name(), rejection.message())));
  }

  /** A line repeating {@code url} (in normal form), listed first on {@code firstLine}. */
  void duplicate(long lineNumber, String text, String url, long firstLine) {
    String listed = text.strip();
    write(
        Line.ofInput(
            listed,
            listed.equals(url) ? null : url,
            lineNumber,
            LineOutcome.DUPLICATE,
            firstLine,
            null));
  }

  /** Lines written so far. */
  long lines() {
    return lines;
  }

  private void write(Line line) {
    try {
      out.write(JSON.writeValueAsString(line));
      out.newLine();
      lines++;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  /**
   * The JSON form of an outcome: {@code url} as listed, {@code normalizedUrl} when different,
   * {@code line} of the input (absent for discovered URLs), {@code firstLine} of a duplicate's
   * first listing; of a page, its {@code bodyBytes}, {@code truncated} when the fetcher cut it,
   * what was {@code capped}, the values of its crawl's rules ({@code fields}, by name), why a rule
   * stopped ({@code fieldErrors}), what it declares ({@code structured}: what it has of robots,
   * headings, hreflang, OpenGraph, Twitter, products, articles, breadcrumbs and item types; the raw
   * microdata is in trawl.documents) and its main text when the crawl asks for it.
   */
  record Line(
      String url,
      String normalizedUrl,
      Long line,
      String host,
      LineOutcome outcome,
      Long firstLine,
      Integer depth,
      Integer status,
      String finalUrl,
      String title,
      Integer wordCount,
      Integer outlinkCount,
      Long bodyBytes,
      Boolean truncated,
      List<String> capped,
      Error error,
      Map<String, List<String>> fields,
      List<FieldErrorLine> fieldErrors,
      JsonNode structured,
      String mainText) {

    record Error(String type, String message) {}

    record FieldErrorLine(String field, String error, String message) {}

    /** A line about the input itself (rejected, repeated): no fetch, so no page fields. */
    static Line ofInput(
        String url,
        String normalizedUrl,
        long line,
        LineOutcome outcome,
        Long firstLine,
        Error error) {
      return new Line(
          url,
          normalizedUrl,
          line,
          null,
          outcome,
          firstLine,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          null,
          error,
          null,
          null,
          null,
          null);
    }

    static Line of(Outcome o, Listing listing) {
      String listed = listing.listedAs(o.url());
      return new Line(
          listed != null ? listed : o.url(),
          listed != null ? o.url() : null,
          listing.line(o.url()),
          o.host(),
          LineOutcome.of(o.outcome()),
          null,
          o.depth(),
          o.status() == 0 ? null : o.status(),
          o.finalUrl() == null || o.finalUrl().equals(o.url()) ? null : o.finalUrl(),
          o.title(),
          o.wordCount(),
          o.outlinkCount(),
          o.bodyBytes(),
          o.truncated() ? Boolean.TRUE : null,
          o.capped().isEmpty() ? null : o.capped(),
          o.errorType() == null ? null : new Error(o.errorType(), o.error()),
          o.fields().isEmpty() ? null : new TreeMap<>(o.fields()),
          o.fieldErrors().isEmpty()
              ? null
              : o.fieldErrors().stream()
                  .map(e -> new FieldErrorLine(e.getField(), e.getError().name(), e.getMessage()))
                  .toList(),
          structured(o.structured()),
          o.mainText());
    }

    /** What a page declares, without its raw microdata; null when it declares nothing. */
    private static JsonNode structured(StructuredData data) {
      if (data == null) {
        return null;
      }
      ObjectNode json = (ObjectNode) STRUCTURED.toJson(data);
      json.remove("microdata");
      return json.isEmpty() ? null : json;
    }
  }
}
