package dev.trawl.process.internal.deadletters;

import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what happens to a record the worker made that cannot be written.
 *
 * <ul>
 *   <li>A record refused while serialised (too large: {@link SizeCheckedSerde}, or unencodable)
 *       goes to {@link Topics#PROCESS_DLQ} as a small {@link ProcessFailure} of stage {@value
 *       #PRODUCTION} (the source record's topic, partition and offset, the target topic, the
 *       reason; no raw bytes), and the stream goes on: the producer never saw the record, so the
 *       open transaction commits with the dead letter in it.
 *   <li>A retriable send error (broker down, leader moving, timeout) is never a dead letter: the
 *       answer is retry, on which Kafka Streams aborts the open transaction and processes the
 *       task's records again from its last commit (exactly-once keeps that from counting anything
 *       twice), where fail would kill the stream thread for the same effect.
 *   <li>A record the producer or the broker refuses for good (RecordTooLargeException from a topic
 *       whose max.message.bytes is below {@code --max-record-bytes}) leaves an exactly-once
 *       transaction unable to commit whatever the answer, and a dead letter would be aborted with
 *       it (and sent from the producer's I/O thread). So the refusal lowers the topic's {@link
 *       RecordLimits}, and under exactly-once the answer is fail: the stream thread is replaced,
 *       the task processes the record again from its last commit, and this time the record is
 *       refused while serialised, a dead letter as above. At least once, the record becomes a dead
 *       letter at once and the stream goes on.
 * </ul>
 *
 * Kafka Streams creates one instance per task; each is used by one stream thread, and by the
 * producer's I/O thread for send errors, one call at a time.
 */
public final class ProductionDeadLetterHandler implements ProductionExceptionHandler {

  public static final String PRODUCTION = "PRODUCTION";

  /** Counter of retriable send errors answered with retry. */
  public static final String RETRIES = "trawl.process.production.retries";

  private static final Logger log = LoggerFactory.getLogger(ProductionDeadLetterHandler.class);

  private boolean exactlyOnce;
  private RecordLimits limits = new RecordLimits(Integer.MAX_VALUE);
  private Counter deadLetters;
  private Counter retries;

  @Override
  public void configure(Map<String, ?> configs) {
    Object guarantee = configs.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
    exactlyOnce = guarantee != null && guarantee.toString().startsWith("exactly_once");
    if (configs.get(RecordLimits.CONFIG) instanceof RecordLimits configured) {
      limits = configured;
    }
    if (configs.get(DeadLetterHandler.METER_REGISTRY_CONFIG) instanceof MeterRegistry registry) {
      deadLetters = DeadLetterHandler.counter(registry, PRODUCTION);
      retries =
          Counter.builder(RETRIES)
              .description("Retriable send errors; the task's records are processed again")
              .register(registry);
    }
  }

  @Override
  public Response handleError(
      ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    if (exception instanceof RetriableException) {
      DeadLetterHandler.increment(retries);
      log.warn(
          "cannot write to {} now, processing again from the last commit: {}",
          record.topic(),
          exception.toString());
      return Response.retry();
    }
    boolean refused =
        exception instanceof RecordTooLargeException
            && record.value() != null
            && limits.refused(record.topic(), record.value().length, exception);
    if (exactlyOnce) {
      if (refused) {
        log.error(
            "{} refused a record made from {}-{}@{} for good ({}); its transaction cannot commit,"
                + " so the stream thread stops and the record is processed again, to become a"
                + " dead letter: keep --max-record-bytes below every output topic's"
                + " max.message.bytes",
            record.topic(),
            context.topic(),
            context.partition(),
            context.offset(),
            exception.toString());
      }
      return Response.fail();
    }
    DeadLetterHandler.increment(deadLetters);
    Integer valueLength = record.value() == null ? null : record.value().length;
    return Response.resume(
        List.of(
            DeadLetters.ofProduction(
                context, record.topic(), record.key(), valueLength, PRODUCTION, exception)));
  }

  @Override
  @SuppressWarnings("rawtypes")
  public Response handleSerializationError(
      ErrorHandlerContext context,
      ProducerRecord record,
      Exception exception,
      SerializationExceptionOrigin origin) {
    DeadLetterHandler.increment(deadLetters);
    Integer valueLength =
        exception instanceof OversizedRecordException oversized ? oversized.bytes() : null;
    return Response.resume(
        List.of(
            DeadLetters.ofProduction(
                context,
                record.topic(),
                keyBytes(record.key()),
                valueLength,
                PRODUCTION,
                exception)));
  }

  /** The bytes of a key the topology made: every Trawl key is a string. */
  private static byte[] keyBytes(Object key) {
    if (key instanceof String text) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    return key instanceof byte[] bytes ? bytes : null;
  }
}
