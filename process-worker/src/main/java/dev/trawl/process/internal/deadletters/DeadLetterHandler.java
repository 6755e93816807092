package dev.trawl.process.internal.deadletters;

import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every record that cannot be deserialised, or whose processing throws, to {@link
 * Topics#PROCESS_DLQ} as a {@link ProcessFailure} with its raw bytes, and lets the stream go on.
 * Kafka Streams (4.x, KIP-1034) writes the returned dead-letter records with the task's own
 * producer, so under exactly-once they commit atomically with the input offsets. Kafka Streams
 * creates one instance per task; each is used by one stream thread only.
 */
public final class DeadLetterHandler
    implements DeserializationExceptionHandler, ProcessingExceptionHandler {

  /** Config key under which the worker passes its {@link MeterRegistry} (optional). */
  public static final String METER_REGISTRY_CONFIG = "trawl.process.meter.registry";

  /** Counter of dead letters, tagged {@code stage}. */
  public static final String COUNTER = "trawl.process.dead.letters";

  public static final String DESERIALIZATION = "DESERIALIZATION";
  public static final String PROCESSING = "PROCESSING";

  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

  private final Serializer<ProcessFailure> serializer =
      Topics.PROCESS_DLQ.valueSerde().serializer();
  private Counter deserializationFailures;
  private Counter processingFailures;

  @Override
  public void configure(Map<String, ?> configs) {
    if (configs.get(METER_REGISTRY_CONFIG) instanceof MeterRegistry registry) {
      deserializationFailures = counter(registry, DESERIALIZATION);
      processingFailures = counter(registry, PROCESSING);
    }
  }

  @Override
  public DeserializationExceptionHandler.Response handleError(
      ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    increment(deserializationFailures);
    return DeserializationExceptionHandler.Response.resume(
        deadLetter(context, record.key(), record.value(), DESERIALIZATION, null, exception));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    increment(processingFailures);
    return ProcessingExceptionHandler.Response.resume(
        deadLetter(
            context,
            context.sourceRawKey(),
            context.sourceRawValue(),
            PROCESSING,
            context.processorNodeId(),
            exception));
  }

  /** The dead letter of a source record: its raw bytes, where it came from, and why it failed. */
  List<ProducerRecord<byte[], byte[]>> deadLetter(
      ErrorHandlerContext context,
      byte[] key,
      byte[] value,
      String stage,
      String processorNode,
      Exception exception) {
    log.warn(
        "{} failed for {}-{}@{}; sent to {}: {}",
        stage,
        context.topic(),
        context.partition(),
        context.offset(),
        Topics.PROCESS_DLQ.name(),
        exception.toString());
    ProcessFailure failure =
        ProcessFailure.newBuilder()
            .setSourceTopic(context.topic())
            .setPartition(context.partition())
            .setOffset(context.offset())
            .setKey(key == null ? null : ByteBuffer.wrap(key))
            .setValue(value == null ? null : ByteBuffer.wrap(value))
            .setStage(stage)
            .setProcessorNode(processorNode)
            .setReason(reason(exception))
            .setExceptionClass(exception.getClass().getName())
            .setFailedAt(System.currentTimeMillis())
            .build();
    byte[] bytes = serializer.serialize(Topics.PROCESS_DLQ.name(), failure);
    return List.of(new ProducerRecord<>(Topics.PROCESS_DLQ.name(), null, key, bytes));
  }

  /** The exception's message followed by its causes' ({@code a; caused by b}). */
  static String reason(Throwable exception) {
    StringBuilder reason = new StringBuilder();
    for (Throwable t = exception; t != null && reason.length() < 2_000; t = t.getCause()) {
      if (reason.length() > 0) {
        reason.append("; caused by ");
      }
      reason.append(t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage());
      if (t.getCause() == t) {
        break;
      }
    }
    return reason.toString();
  }

  private static Counter counter(MeterRegistry registry, String stage) {
    return Counter.builder(COUNTER)
        .description("Records sent to " + Topics.PROCESS_DLQ.name())
        .tag("stage", stage.toLowerCase(java.util.Locale.ROOT))
        .register(registry);
  }

  private static void increment(Counter counter) {
    if (counter != null) {
      counter.increment();
    }
  }
}
