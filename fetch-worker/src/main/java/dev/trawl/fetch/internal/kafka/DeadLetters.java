package dev.trawl.fetch.internal.kafka;

import dev.trawl.fetch.internal.outcome.Outcome;
import dev.trawl.fetch.internal.outcome.RecordBounds;
import dev.trawl.schemas.ProcessFailure;
import java.nio.ByteBuffer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The dead letter of a consumed record that is no FetchRequest: the process worker's {@link
 * ProcessFailure} (stage {@value #DESERIALIZATION}), with where it came from, its raw key and value
 * when each is at most {@link #MAX_RAW_BYTES}, and why it was not read.
 */
final class DeadLetters {

  /** The stage of a record that could not be read, as the process worker names it. */
  static final String DESERIALIZATION = "DESERIALIZATION";

  /** Raw bytes kept of a key or a value; a larger one is left out (and the reason says so). */
  static final int MAX_RAW_BYTES = 64 * 1024;

  private DeadLetters() {}

  /** The dead letter of {@code record}, which failed to decode with {@code cause}. */
  static Outcome.DeadLetter of(ConsumerRecord<byte[], byte[]> record, Exception cause, long nowMs) {
    StringBuilder reason =
        new StringBuilder("not a FetchRequest: ")
            .append(
                cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
    byte[] key = kept("key", record.key(), reason);
    byte[] value = kept("value", record.value(), reason);
    ProcessFailure letter =
        ProcessFailure.newBuilder()
            .setSourceTopic(record.topic())
            .setPartition(record.partition())
            .setOffset(record.offset())
            .setKey(key == null ? null : ByteBuffer.wrap(key))
            .setValue(value == null ? null : ByteBuffer.wrap(value))
            .setStage(DESERIALIZATION)
            .setProcessorNode(null)
            .setReason(new RecordBounds().message(reason.toString()))
            .setExceptionClass(cause.getClass().getName())
            .setFailedAt(nowMs)
            .build();
    return new Outcome.DeadLetter(letter, key);
  }

  /** {@code bytes} when within the cap, else null, noted in {@code reason}. */
  private static byte[] kept(String what, byte[] bytes, StringBuilder reason) {
    if (bytes == null || bytes.length <= MAX_RAW_BYTES) {
      return bytes;
    }
    reason
        .append("; raw ")
        .append(what)
        .append(" of ")
        .append(bytes.length)
        .append(" bytes left out (over ")
        .append(MAX_RAW_BYTES)
        .append(")");
    return null;
  }
}
