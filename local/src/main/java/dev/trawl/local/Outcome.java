package dev.trawl.local;

import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FinalOutcome;

/** The final outcome of one URL as a local run reports it: one JSON line in {@code --out}. */
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
    String errorType,
    String error) {

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
        null,
        null);
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
        failure.getError().getType().name(),
        failure.getError().getMessage());
  }
}
