package dev.trawl.fetch.internal.outcome;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.fetch.internal.outcome.PublishErrors.Kind;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a failed publish means, by exception type. */
class PublishErrorsTest {

  @ParameterizedTest
  @MethodSource("failures")
  void classifiesByExceptionType(Exception failure, Kind expected) {
    assertThat(PublishErrors.of(failure)).isEqualTo(expected);
  }

  static List<Arguments> failures() {
    return List.of(
        Arguments.of(new TimeoutException("Expiring 3 record(s): 3000 ms"), Kind.TRANSIENT),
        Arguments.of(new NotEnoughReplicasException("1 of 2"), Kind.TRANSIENT),
        Arguments.of(new NotLeaderOrFollowerException("moving"), Kind.TRANSIENT),
        Arguments.of(new NetworkException("disconnected"), Kind.TRANSIENT),
        Arguments.of(new UnknownTopicOrPartitionException("not yet"), Kind.TRANSIENT),
        Arguments.of(new RecordTooLargeException("2 MiB"), Kind.REFUSED),
        Arguments.of(new RecordBatchTooLargeException("batch"), Kind.REFUSED),
        Arguments.of(new InvalidRecordException("invalid"), Kind.REFUSED),
        Arguments.of(new SerializationException("cannot serialize"), Kind.REFUSED),
        Arguments.of(new KafkaException(new SerializationException("wrapped")), Kind.REFUSED),
        Arguments.of(new TopicAuthorizationException("denied"), Kind.FATAL),
        Arguments.of(new AuthorizationException("denied"), Kind.FATAL),
        Arguments.of(new IllegalStateException("producer closed"), Kind.FATAL),
        Arguments.of(new KafkaException("Request timed out"), Kind.FATAL));
  }
}
