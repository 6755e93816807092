package dev.trawl.fetch.internal.outcome;

import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;

/** The one record a consumed FetchRequest ends in: a page result or a failure. */
public sealed interface Outcome permits Outcome.Page, Outcome.Failure {

  /** The request it ends. */
  FetchRequest request();

  /** The host the record is keyed by. */
  default String host() {
    return request().getHost();
  }

  /** A result for {@code trawl.pages}: fetched (any status), or not fetched for a reason. */
  record Page(FetchResult result) implements Outcome {
    @Override
    public FetchRequest request() {
      return result.getRequest();
    }
  }

  /** A failure for {@code trawl.fetch-dlq}: no usable response. */
  record Failure(FetchFailure failure) implements Outcome {
    @Override
    public FetchRequest request() {
      return failure.getRequest();
    }
  }
}
