package dev.trawl.fetch.internal.outcome;

import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchError;
import dev.trawl.schemas.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The Kafka record of each outcome: a result to the pages topic keyed by its requested URL (so that
 * the pages of one host, the parse's CPU, spread over every partition and process worker), a
 * failure to the DLQ topic keyed by host; a dead letter to the process DLQ topic, keyed by its
 * source record's raw key. Stateless apart from the target; thread-safe.
 */
final class OutcomeRecords {

  private final OutcomePublisher.Target target;

  OutcomeRecords(OutcomePublisher.Target target) {
    this.target = target;
  }

  /**
   * The record of {@code outcome}.
   *
   * @throws org.apache.kafka.common.errors.SerializationException when it cannot be serialised
   */
  ProducerRecord<byte[], byte[]> record(Outcome outcome) {
    if (outcome instanceof Outcome.Page page) {
      byte[] value =
          Topics.PAGES.valueSerde().serializer().serialize(target.pages(), page.result());
      return new ProducerRecord<>(target.pages(), utf8(Topics.pageKey(page.result())), value);
    }
    if (outcome instanceof Outcome.Failure failure) {
      byte[] value =
          Topics.FETCH_DLQ.valueSerde().serializer().serialize(target.dlq(), failure.failure());
      return new ProducerRecord<>(target.dlq(), utf8(failure.request().getHost()), value);
    }
    Outcome.DeadLetter letter = (Outcome.DeadLetter) outcome;
    byte[] value =
        Topics.PROCESS_DLQ
            .valueSerde()
            .serializer()
            .serialize(target.processDlq(), letter.letter());
    return new ProducerRecord<>(target.processDlq(), letter.key(), value);
  }

  /**
   * Why the record of {@code outcome} ({@code size} bytes, -1 when it was not serialised) was
   * replaced: its size and the limit it met, and Kafka's exception.
   */
  FetchError refusal(Outcome outcome, Exception failure, long size) {
    String what =
        size < 0
            ? "the outcome could not be serialised"
            : "the outcome ("
                + outcome.getClass().getSimpleName()
                + ") of "
                + size
                + " bytes met Kafka's limit (max.request.size "
                + target.maxRequestBytes()
                + " bytes, or the topic's max.message.bytes)";
    return new FetchError(
        ErrorType.OTHER,
        what + ": " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
  }

  /** The URL an outcome ends, or where a dead letter came from: for logs. */
  static String what(Outcome outcome) {
    if (outcome instanceof Outcome.DeadLetter letter) {
      return letter.letter().getSourceTopic()
          + "-"
          + letter.letter().getPartition()
          + "@"
          + letter.letter().getOffset();
    }
    return outcome.request().getUrl();
  }

  private static byte[] utf8(String key) {
    return key.getBytes(StandardCharsets.UTF_8);
  }
}
