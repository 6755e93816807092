package dev.trawl.process;

import static dev.trawl.process.Pages.html;
import static dev.trawl.process.Pages.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.process.internal.deadletters.DeadLetterHandler;
import dev.trawl.process.internal.deadletters.OversizedRecordException;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topics;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record the topology makes that is larger than it may write goes to the dead-letter topic as a
 * small reference (stage PRODUCTION), and the stream goes on with the next record. The same on a
 * real broker, under exactly-once: {@code DeadLetterIntegrationTest}.
 */
class ProductionDeadLetterTest {

  private static final int LIMIT = 4_096;

  @TempDir Path stateDir;

  private final PageParser parser = new PageParser();
  private TopologyDriver topology;

  @BeforeEach
  void open() {
    topology =
        new TopologyDriver(
            stateDir, settings -> settings.with(ProcessSettings.MAX_RECORD_BYTES, LIMIT));
  }

  @AfterEach
  void close() {
    topology.close();
  }

  @Test
  void sendsADocumentOverTheLimitToTheDeadLetterTopicByReferenceAndGoesOn() {
    FetchResult large =
        html(
            request("http://a.test/large", "a.test"),
            "<title>Large</title><meta name=description content=%s>".formatted("d".repeat(5_000)));
    FetchResult next = html(request("http://a.test/next", "a.test"), "<title>Next</title>");
    int size = documentBytes(parser.parse(large));

    topology.pipe(large, next);

    List<KeyValue<String, ProcessFailure>> letters = topology.deadLetters.readKeyValuesToList();
    assertThat(letters)
        .containsExactly(
            KeyValue.pair(
                "a.test",
                production(
                    Topics.PAGES.name(),
                    0,
                    Topics.DOCUMENTS.name(),
                    size,
                    letters.get(0).value.getFailedAt())));
    assertThat(topology.documents.readKeyValuesToList())
        .containsExactly(KeyValue.pair("a.test", parser.parse(next)));
    assertThat(size).isGreaterThan(LIMIT);
    assertThat(topology.count(DeadLetterHandler.COUNTER, "stage", "production")).isEqualTo(1);
  }

  /**
   * A seed with metadata too large to pass on stops at the repartition topic, the first record the
   * topology would write for it; the next seed goes on.
   */
  @Test
  void sendsASeedTooLargeToPassOnToTheDeadLetterTopicAndGoesOn() {
    FetchRequest large =
        FetchRequest.newBuilder(request("http://a.test/large", "a.test"))
            .setMetadata(Map.of("note", "n".repeat(LIMIT)))
            .build();
    FetchRequest next = request("http://a.test/next", "a.test");
    String sightings =
        ProcessTopology.sightingsByHostTopic(ProcessSettings.APPLICATION_ID.defaultValue());

    topology.seed(large, next);

    List<KeyValue<String, ProcessFailure>> letters = topology.deadLetters.readKeyValuesToList();
    assertThat(letters).hasSize(1);
    ProcessFailure letter = letters.get(0).value;
    assertThat(letters)
        .containsExactly(
            KeyValue.pair(
                "a.test",
                ProcessFailure.newBuilder(
                        production(
                            Topics.SEEDS.name(),
                            0,
                            sightings,
                            letter.getValueLength(),
                            letter.getFailedAt()))
                    .setProcessorNode(ProcessTopology.SIGHTINGS_BY_HOST + "-repartition-sink")
                    .build()));
    assertThat(letter.getValueLength()).isGreaterThan(LIMIT);
    assertThat(topology.urls.readKeyValuesToList()).containsExactly(KeyValue.pair("a.test", next));
  }

  /** The dead letter of a value of {@code bytes} refused for {@code target}. */
  private static ProcessFailure production(
      String source, long offset, String target, int bytes, long failedAt) {
    return ProcessFailure.newBuilder()
        .setSourceTopic(source)
        .setPartition(0)
        .setOffset(offset)
        .setKey(null)
        .setValue(null)
        .setStage("PRODUCTION")
        .setProcessorNode(target + "-sink")
        .setReason(
            "a record value of %d bytes for %s is over the limit of %d bytes"
                .formatted(bytes, target, LIMIT))
        .setExceptionClass(OversizedRecordException.class.getName())
        .setFailedAt(failedAt)
        .setTargetTopic(target)
        .setKeyLength(null)
        .setValueLength(bytes)
        .build();
  }

  private static int documentBytes(Document document) {
    return Topics.DOCUMENTS.valueSerde().serializer().serialize("t", document).length;
  }
}
