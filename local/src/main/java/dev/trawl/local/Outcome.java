package dev.trawl.local;

import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FieldError;
import dev.trawl.schemas.FinalOutcome;
import dev.trawl.schemas.StructuredData;
import java.util.List;
import java.util.Map;

/**
 * The final outcome of one URL as a local run reports it: one JSON line in {@code --out}; a page's
 * body size, whether it was truncated, what was capped, its extracted fields, field errors,
 * structured data and main text come with it.
 */
record Outcome(
    String url,
    String host,
    FinalOutcome outcome,
    int depth,
    int status,
    String finalUrl,
    String title,
    Integer wordCount,
    Integer outlinkCount,
    Long bodyBytes,
    boolean truncated,
    List<String> capped,
    String errorType,
    String error,
    Map<String, List<String>> fields,
    List<FieldError> fieldErrors,
    StructuredData structured,
    String mainText) {

  static Outcome of(Document doc) {
    boolean fetched = doc.getOutcome() == FetchOutcome.FETCHED;
    return new Outcome(
        doc.getUrl(),
        doc.getHost(),
        FinalOutcome.of(doc.getOutcome()),
        doc.getDepth(),
        doc.getStatus(),
        doc.getFinalUrl(),
        doc.getTitle(),
        fetched ? doc.getWordCount() : null,
        fetched ? doc.getOutlinkCount() : null,
        fetched ? doc.getBodyBytes() : null,
        doc.getTruncated(),
        doc.getCapped(),
        null,
        null,
        doc.getFields(),
        doc.getFieldErrors(),
        doc.getStructured(),
        doc.getMainText());
  }

  /** A failure: status is the last response's (429, 5xx after the last attempt), else 0. */
  static Outcome of(FetchFailure failure) {
    return new Outcome(
        failure.getRequest().getUrl(),
        failure.getRequest().getHost(),
        FinalOutcome.FAILED,
        failure.getRequest().getDepth(),
        failure.getStatus(),
        null,
        null,
        null,
        null,
        null,
        false,
        List.of(),
        failure.getError().getType().name(),
        failure.getError().getMessage(),
        Map.of(),
        List.of(),
        null,
        null);
  }
}
