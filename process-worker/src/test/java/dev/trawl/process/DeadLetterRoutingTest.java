package dev.trawl.process;

import static dev.trawl.process.Pages.html;
import static dev.trawl.process.Pages.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.process.internal.deadletters.DeadLetterHandler;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records that cannot be read or processed go to the dead-letter topic; the stream goes on. */
class DeadLetterRoutingTest {

  private static final byte[] GARBAGE = {(byte) 0xff, 0x00, 0x13, 0x37, (byte) 0xfe};

  @TempDir Path stateDir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> rawPages;
  private TestInputTopic<String, FetchResult> pages;
  private TestOutputTopic<String, Document> documents;
  private TestOutputTopic<String, ProcessFailure> deadLetters;

  @BeforeEach
  void open() {
    ProcessSettings settings =
        ProcessSettings.defaults()
            .with(ProcessSettings.STATE_DIR, stateDir)
            .with(ProcessSettings.THREADS, 1);
    Properties config = ProcessTopology.streamsConfig(settings, KafkaSettings.of("127.0.0.1:9"));
    config.put(DeadLetterHandler.METER_REGISTRY_CONFIG, registry);
    driver =
        new TopologyTestDriver(
            ProcessTopology.buildTopology(new StreamsBuilder(), settings, registry),
            config,
            Instant.ofEpochMilli(1_700_000_000_000L));
    rawPages =
        driver.createInputTopic(
            Topics.PAGES.name(), new StringSerializer(), new ByteArraySerializer());
    pages =
        driver.createInputTopic(
            Topics.PAGES.name(),
            Topics.PAGES.keySerde().serializer(),
            Topics.PAGES.valueSerde().serializer());
    documents =
        driver.createOutputTopic(
            Topics.DOCUMENTS.name(),
            Topics.DOCUMENTS.keySerde().deserializer(),
            Topics.DOCUMENTS.valueSerde().deserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.PROCESS_DLQ.name(),
            Topics.PROCESS_DLQ.keySerde().deserializer(),
            Topics.PROCESS_DLQ.valueSerde().deserializer());
  }

  @AfterEach
  void close() {
    driver.close();
  }

  /**
   * The dead letter itself is checked on a real broker ({@code DeadLetterIntegrationTest}): the
   * test driver of Kafka Streams 4.4 calls the handler but drops the dead-letter records it returns
   * for deserialization errors.
   */
  @Test
  void skipsUndecodableBytesCountingThemAndProcessesTheNextRecord() {
    FetchResult good = html(request("http://a.test/", "a.test"), "<title>A</title>");

    rawPages.pipeInput("a.test", GARBAGE);
    pages.pipeInput("a.test", good);

    assertThat(documents.readKeyValuesToList())
        .containsExactly(KeyValue.pair("a.test", new PageParser().parse(good)));
    assertThat(registry.counter(DeadLetterHandler.COUNTER, "stage", "deserialization").count())
        .isEqualTo(1.0);
  }

  @Test
  void sendsARecordWhoseProcessingThrowsToTheDeadLetterTopicAndProcessesTheNextRecord() {
    FetchResult good = html(request("http://a.test/", "a.test"), "<title>A</title>");

    pages.pipeInput("a.test", (FetchResult) null);
    pages.pipeInput("a.test", good);

    List<KeyValue<String, ProcessFailure>> letters = deadLetters.readKeyValuesToList();
    assertThat(letters).hasSize(1);
    ProcessFailure letter = letters.get(0).value;
    assertThat(letters)
        .containsExactly(
            KeyValue.pair(
                "a.test",
                failure(
                    0,
                    null,
                    DeadLetterHandler.PROCESSING,
                    "pages-with-values",
                    "a record without a value is not a fetch outcome",
                    IllegalArgumentException.class.getName(),
                    letter.getFailedAt())));
    assertThat(documents.readKeyValuesToList())
        .containsExactly(KeyValue.pair("a.test", new PageParser().parse(good)));
    assertThat(registry.counter(DeadLetterHandler.COUNTER, "stage", "processing").count())
        .isEqualTo(1.0);
  }

  /** The dead letter of a record of {@code trawl.pages} keyed {@code a.test}. */
  static ProcessFailure failure(
      long offset,
      byte[] value,
      String stage,
      String node,
      String reason,
      String exceptionClass,
      long failedAt) {
    return ProcessFailure.newBuilder()
        .setSourceTopic(Topics.PAGES.name())
        .setPartition(0)
        .setOffset(offset)
        .setKey(ByteBuffer.wrap("a.test".getBytes(StandardCharsets.UTF_8)))
        .setValue(value == null ? null : ByteBuffer.wrap(value))
        .setStage(stage)
        .setProcessorNode(node)
        .setReason(reason)
        .setExceptionClass(exceptionClass)
        .setFailedAt(failedAt)
        .setTargetTopic(null)
        .setKeyLength("a.test".length())
        .setValueLength(value == null ? null : value.length)
        .build();
  }
}
