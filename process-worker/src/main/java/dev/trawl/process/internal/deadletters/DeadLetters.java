package dev.trawl.process.internal.deadletters;

import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topics;
import java.nio.ByteBuffer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the process worker's dead letters, records of {@link Topics#PROCESS_DLQ}: a {@link
 * ProcessFailure} saying where a record came from and why it failed, with the record's raw key and
 * value only up to {@link #MAX_RAW_BYTES} each (their lengths always), so that a dead letter always
 * fits in a Kafka record however large the failed record was. Thread-safe.
 */
final class DeadLetters {

  /** Raw keys and values up to this length travel in the dead letter; longer ones by length. */
  static final int MAX_RAW_BYTES = 64 * 1024;

  /** The reason (exception messages) is cut here: messages may quote whole records. */
  static final int MAX_REASON_CHARS = 2_000;

  private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

  private static final Serializer<ProcessFailure> SERIALIZER =
      Topics.PROCESS_DLQ.valueSerde().serializer();

  private DeadLetters() {}

  /**
   * The dead letter of a source record that could not be read or processed: its raw bytes (when
   * small enough), where it came from, and why it failed; keyed by its raw key when that fits.
   */
  static ProducerRecord<byte[], byte[]> ofSource(
      ErrorHandlerContext context,
      byte[] key,
      byte[] value,
      String stage,
      String processorNode,
      Exception exception) {
    log(stage, context, exception);
    ProcessFailure failure =
        failure(context, stage, processorNode, exception)
            .setKey(small(key))
            .setValue(small(value))
            .setKeyLength(key == null ? null : key.length)
            .setValueLength(value == null ? null : value.length)
            .build();
    return record(key, failure);
  }

  /**
   * The dead letter of a record the worker made for {@code targetTopic} that could not be written:
   * a reference to the source record being processed (topic, partition, offset), the target, the
   * refused value's length when known, and why; no raw bytes. Keyed by the refused record's key.
   */
  static ProducerRecord<byte[], byte[]> ofProduction(
      ErrorHandlerContext context,
      String targetTopic,
      byte[] key,
      Integer valueLength,
      String stage,
      Exception exception) {
    log(stage, context, exception);
    ProcessFailure failure =
        failure(context, stage, context.processorNodeId(), exception)
            .setTargetTopic(targetTopic)
            .setKey(null)
            .setValue(null)
            .setKeyLength(null)
            .setValueLength(valueLength)
            .build();
    return record(key, failure);
  }

  private static ProcessFailure.Builder failure(
      ErrorHandlerContext context, String stage, String processorNode, Exception exception) {
    return ProcessFailure.newBuilder()
        // A record made by a punctuation has no source record.
        .setSourceTopic(context.topic() == null ? "" : context.topic())
        .setPartition(context.partition())
        .setOffset(context.offset())
        .setStage(stage)
        .setProcessorNode(processorNode)
        .setReason(reason(exception))
        .setExceptionClass(exception.getClass().getName())
        .setFailedAt(System.currentTimeMillis())
        .setTargetTopic(null);
  }

  private static ProducerRecord<byte[], byte[]> record(byte[] key, ProcessFailure failure) {
    byte[] bytes = SERIALIZER.serialize(Topics.PROCESS_DLQ.name(), failure);
    byte[] recordKey = key == null || key.length > MAX_RAW_BYTES ? null : key;
    return new ProducerRecord<>(Topics.PROCESS_DLQ.name(), null, recordKey, bytes);
  }

  /** {@code bytes} when at most {@link #MAX_RAW_BYTES} long, else null (left out). */
  private static ByteBuffer small(byte[] bytes) {
    return bytes == null || bytes.length > MAX_RAW_BYTES ? null : ByteBuffer.wrap(bytes);
  }

  /**
   * The exception's message followed by its causes' ({@code a; caused by b}), at most {@link
   * #MAX_REASON_CHARS} characters.
   */
  static String reason(Throwable exception) {
    StringBuilder reason = new StringBuilder();
    for (Throwable t = exception;
        t != null && reason.length() < MAX_REASON_CHARS;
        t = t.getCause()) {
      if (reason.length() > 0) {
        reason.append("; caused by ");
      }
      reason.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
      if (t.getCause() == t) {
        break;
      }
    }
    return reason.length() <= MAX_REASON_CHARS
        ? reason.toString()
        : reason.substring(0, MAX_REASON_CHARS);
  }

  private static void log(String stage, ErrorHandlerContext context, Exception exception) {
    log.warn(
        "{} failed for {}-{}@{}; sent to {}: {}",
        stage,
        context.topic(),
        context.partition(),
        context.offset(),
        Topics.PROCESS_DLQ.name(),
        exception.toString());
  }
}
