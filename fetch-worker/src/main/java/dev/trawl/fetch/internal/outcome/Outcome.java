package dev.trawl.fetch.internal.outcome;

import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.ProcessFailure;

/**
 * The one record a consumed record ends in: a page result or a failure for a FetchRequest, a dead
 * letter for a record that is no FetchRequest at all.
 */
public sealed interface Outcome permits Outcome.Page, Outcome.Failure, Outcome.DeadLetter {

  /** The request it ends, or null for a dead letter. */
  FetchRequest request();

  /** Body bytes it holds (counted in the body budget until Kafka has stored it). */
  default int bodyBytes() {
    return 0;
  }

  /**
   * A result for {@code trawl.pages}: fetched (any status), or not fetched for a reason.
   *
   * @param attempts the attempts it took in all, those of earlier workers included
   */
  record Page(FetchResult result, int attempts) implements Outcome {

    /** A result that took one attempt more than its request had made. */
    public Page(FetchResult result) {
      this(result, result.getRequest().getAttempt() + 1);
    }

    @Override
    public FetchRequest request() {
      return result.getRequest();
    }

    @Override
    public int bodyBytes() {
      return result.getBody().limit(); // limit: serialising may move the position.
    }
  }

  /** A failure for {@code trawl.fetch-dlq}: no usable response. */
  record Failure(FetchFailure failure) implements Outcome {
    @Override
    public FetchRequest request() {
      return failure.getRequest();
    }
  }

  /**
   * A dead letter for {@code trawl.process-dlq}: a consumed record that is no FetchRequest.
   *
   * @param letter where it came from, its raw bytes (up to a cap), and why it was not read
   * @param key the source record's raw key, the dead letter's key, or null
   */
  record DeadLetter(ProcessFailure letter, byte[] key) implements Outcome {
    @Override
    public FetchRequest request() {
      return null;
    }
  }
}
