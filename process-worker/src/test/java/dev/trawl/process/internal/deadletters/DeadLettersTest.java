package dev.trawl.process.internal.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topics;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

  private static final ErrorHandlerContext CONTEXT =
      new HandlerContext("trawl.pages", 3, 41, "parse");

  @Test
  void keepsRawBytesUpTo64KibAndTheirLengthsAlways() {
    byte[] key = bytes(DeadLetters.MAX_RAW_BYTES, 'k');
    byte[] value = bytes(DeadLetters.MAX_RAW_BYTES, 'v');

    ProducerRecord<byte[], byte[]> letter =
        DeadLetters.ofSource(
            CONTEXT, key, value, "PROCESSING", "parse", new IllegalStateException("bad"));

    ProcessFailure failure = read(letter);
    assertThat(letter.topic()).isEqualTo(Topics.PROCESS_DLQ.name());
    assertThat(letter.key()).isEqualTo(key);
    assertThat(failure)
        .isEqualTo(
            expected(failure)
                .setKey(ByteBuffer.wrap(key))
                .setValue(ByteBuffer.wrap(value))
                .setKeyLength(key.length)
                .setValueLength(value.length)
                .build());
  }

  @Test
  void keepsOnlyTheLengthOfRawBytesOver64KibSoTheDeadLetterFits() {
    byte[] key = bytes(DeadLetters.MAX_RAW_BYTES + 1, 'k');
    byte[] value = bytes(3 * 1024 * 1024, 'v');

    ProducerRecord<byte[], byte[]> letter =
        DeadLetters.ofSource(
            CONTEXT, key, value, "PROCESSING", "parse", new IllegalStateException("bad"));

    ProcessFailure failure = read(letter);
    assertThat(letter.key()).isNull();
    assertThat(failure)
        .isEqualTo(
            expected(failure)
                .setKey(null)
                .setValue(null)
                .setKeyLength(key.length)
                .setValueLength(value.length)
                .build());
    assertThat(letter.value().length).isLessThan(1_024);
  }

  @Test
  void cutsAReasonThatQuotesAWholeRecord() {
    String huge = "x".repeat(1_000_000);

    ProducerRecord<byte[], byte[]> letter =
        DeadLetters.ofSource(
            CONTEXT, null, null, "PROCESSING", "parse", new IllegalStateException(huge));

    assertThat(read(letter).getReason()).isEqualTo("x".repeat(DeadLetters.MAX_REASON_CHARS));
  }

  @Test
  void namesTheCausesOfAFailure() {
    Exception exception = new IllegalStateException("outer", new IllegalArgumentException());

    assertThat(DeadLetters.reason(exception))
        .isEqualTo("outer; caused by IllegalArgumentException");
  }

  private static ProcessFailure.Builder expected(ProcessFailure actual) {
    return ProcessFailure.newBuilder()
        .setSourceTopic("trawl.pages")
        .setPartition(3)
        .setOffset(41)
        .setStage("PROCESSING")
        .setProcessorNode("parse")
        .setReason("bad")
        .setExceptionClass(IllegalStateException.class.getName())
        .setFailedAt(actual.getFailedAt())
        .setTargetTopic(null);
  }

  private static ProcessFailure read(ProducerRecord<byte[], byte[]> letter) {
    return Topics.PROCESS_DLQ.valueSerde().deserializer().deserialize("t", letter.value());
  }

  private static byte[] bytes(int length, char fill) {
    byte[] bytes = new byte[length];
    Arrays.fill(bytes, (byte) fill);
    return bytes;
  }
}
