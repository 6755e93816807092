package dev.trawl.process.internal.deadletters;

import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends every record that cannot be deserialised, or whose processing throws, to {@link
 * Topics#PROCESS_DLQ} as a {@link ProcessFailure} with its raw bytes (up to 64 KiB each, see {@link
 * DeadLetters}), and lets the stream go on. Kafka Streams (4.x, KIP-1034) writes the returned
 * dead-letter records with the task's own producer, so under exactly-once they commit atomically
 * with the input offsets. Kafka Streams creates one instance per task; each is used by one stream
 * thread only.
 */
public final class DeadLetterHandler
    implements DeserializationExceptionHandler, ProcessingExceptionHandler {

  /** Config key under which the worker passes its {@link MeterRegistry} (optional). */
  public static final String METER_REGISTRY_CONFIG = "trawl.process.meter.registry";

  /** Counter of dead letters, tagged {@code stage}. */
  public static final String COUNTER = "trawl.process.dead.letters";

  public static final String DESERIALIZATION = "DESERIALIZATION";
  public static final String PROCESSING = "PROCESSING";

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
        List.of(
            DeadLetters.ofSource(
                context, record.key(), record.value(), DESERIALIZATION, null, exception)));
  }

  @Override
  public ProcessingExceptionHandler.Response handleError(
      ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
    increment(processingFailures);
    return ProcessingExceptionHandler.Response.resume(
        List.of(
            DeadLetters.ofSource(
                context,
                context.sourceRawKey(),
                context.sourceRawValue(),
                PROCESSING,
                context.processorNodeId(),
                exception)));
  }

  /** The dead-letter counter of {@code stage}. */
  static Counter counter(MeterRegistry registry, String stage) {
    return Counter.builder(COUNTER)
        .description("Records sent to " + Topics.PROCESS_DLQ.name())
        .tag("stage", stage.toLowerCase(Locale.ROOT))
        .register(registry);
  }

  static void increment(Counter counter) {
    if (counter != null) {
      counter.increment();
    }
  }
}
