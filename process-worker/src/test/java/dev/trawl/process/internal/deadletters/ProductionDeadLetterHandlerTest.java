package dev.trawl.process.internal.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.junit.jupiter.api.Test;

/**
 * What the handler answers for each kind of send error; the serialisation path (a record over the
 * limit) is shown end to end by {@code ProductionDeadLetterTest} and {@code
 * DeadLetterIntegrationTest}.
 */
class ProductionDeadLetterHandlerTest {

  private static final ErrorHandlerContext CONTEXT =
      new HandlerContext("trawl.pages", 2, 17, "trawl.documents-sink");
  private static final ProducerRecord<byte[], byte[]> DOCUMENT =
      new ProducerRecord<>(
          Topics.DOCUMENTS.name(), "a.test".getBytes(StandardCharsets.UTF_8), new byte[2_000_000]);

  private static final int LIMIT = 5_000_000;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RecordLimits limits = new RecordLimits(LIMIT);

  @Test
  void retriesRetriableSendErrorsAndNeverMakesThemDeadLetters() {
    ProductionDeadLetterHandler handler = handler("exactly_once_v2");

    Response timeout = handler.handleError(CONTEXT, DOCUMENT, new TimeoutException("slow"));
    Response leader = handler.handleError(CONTEXT, DOCUMENT, new NotLeaderOrFollowerException());

    assertThat(timeout.result()).isEqualTo(Result.RETRY);
    assertThat(leader.result()).isEqualTo(Result.RETRY);
    assertThat(timeout.deadLetterQueueRecords()).isEmpty();
    assertThat(leader.deadLetterQueueRecords()).isEmpty();
    assertThat(limits.maxBytes(Topics.DOCUMENTS.name())).isEqualTo(LIMIT);
    assertThat(registry.counter(ProductionDeadLetterHandler.RETRIES).count()).isEqualTo(2);
  }

  /**
   * The refused record's transaction cannot commit: a dead letter would be aborted with it. The
   * topic's limit drops below the refused value, so that the record processed again is refused
   * while serialised (a dead letter then); other topics keep theirs.
   */
  @Test
  void failsOnARecordRefusedForGoodUnderExactlyOnceAndLowersTheTopicsLimit() {
    Response response =
        handler("exactly_once_v2")
            .handleError(CONTEXT, DOCUMENT, new RecordTooLargeException("too large"));

    assertThat(response.result()).isEqualTo(Result.FAIL);
    assertThat(response.deadLetterQueueRecords()).isEmpty();
    assertThat(limits.maxBytes(Topics.DOCUMENTS.name())).isEqualTo(1_999_999);
    assertThat(limits.maxBytes(Topics.URLS.name())).isEqualTo(LIMIT);
  }

  @Test
  void sendsARecordRefusedForGoodAtLeastOnceToTheDeadLetterTopicByReference() {
    Response response =
        handler("at_least_once")
            .handleError(CONTEXT, DOCUMENT, new RecordTooLargeException("too large"));

    assertThat(response.result()).isEqualTo(Result.RESUME);
    assertThat(response.deadLetterQueueRecords()).hasSize(1);
    ProducerRecord<byte[], byte[]> letter = response.deadLetterQueueRecords().get(0);
    ProcessFailure failure =
        Topics.PROCESS_DLQ.valueSerde().deserializer().deserialize("t", letter.value());
    assertThat(letter.topic()).isEqualTo(Topics.PROCESS_DLQ.name());
    assertThat(letter.key()).isEqualTo(DOCUMENT.key());
    assertThat(failure)
        .isEqualTo(
            ProcessFailure.newBuilder()
                .setSourceTopic("trawl.pages")
                .setPartition(2)
                .setOffset(17)
                .setKey(null)
                .setValue(null)
                .setStage("PRODUCTION")
                .setProcessorNode("trawl.documents-sink")
                .setReason("too large")
                .setExceptionClass(RecordTooLargeException.class.getName())
                .setFailedAt(failure.getFailedAt())
                .setTargetTopic(Topics.DOCUMENTS.name())
                .setKeyLength(null)
                .setValueLength(2_000_000)
                .build());
    assertThat(registry.counter(DeadLetterHandler.COUNTER, "stage", "production").count())
        .isEqualTo(1);
  }

  private ProductionDeadLetterHandler handler(String guarantee) {
    ProductionDeadLetterHandler handler = new ProductionDeadLetterHandler();
    handler.configure(
        Map.of(
            "processing.guarantee",
            guarantee,
            DeadLetterHandler.METER_REGISTRY_CONFIG,
            registry,
            RecordLimits.CONFIG,
            limits));
    return handler;
  }
}
