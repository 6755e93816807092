package dev.trawl.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

  static FetchRequest request() {
    return FetchRequest.newBuilder()
        .setUrl("https://example.com/a")
        .setHost("example.com")
        .setCrawlId("c1")
        .setDepth(1)
        .setMaxDepth(2)
        .setScope(CrawlScope.DOMAIN)
        .setEnqueuedAt(1_700_000_000_000L)
        .setReferrer("https://example.com/")
        .setMetadata(Map.of("team", "seo"))
        .build();
  }

  @Test
  void roundTripsEveryRecordType() {
    FetchResult result =
        FetchResult.newBuilder()
            .setRequest(request())
            .setOutcome(FetchOutcome.FETCHED)
            .setFinalUrl("https://example.com/a/")
            .setRedirectChain(List.of("https://example.com/a"))
            .setStatus(200)
            .setHeaders(Map.of("content-type", "text/html"))
            .setContentType("text/html")
            .setBody(ByteBuffer.wrap("<html></html>".getBytes(StandardCharsets.UTF_8)))
            .setFetchedAt(1L)
            .setLatencyMs(42)
            .build();
    FetchFailure failure =
        FetchFailure.newBuilder()
            .setRequest(request())
            .setAttempts(3)
            .setError(new FetchError(ErrorType.TIMEOUT, "no response in 30 s"))
            .setFailedAt(2L)
            .build();
    Document document =
        Document.newBuilder()
            .setUrl("https://example.com/a")
            .setFinalUrl("https://example.com/a/")
            .setHost("example.com")
            .setCrawlId("c1")
            .setStatus(200)
            .setTitle("A")
            .setOutlinks(List.of("https://example.com/b"))
            .setOutlinkCount(1)
            .setContentHash("00")
            .setFetchedAt(1L)
            .build();
    DomainStats stats =
        DomainStats.newBuilder()
            .setHost("example.com")
            .setPages(1)
            .setStatusClasses(Map.of("2xx", 1L))
            .setLatencyBuckets(List.of(0L, 1L))
            .build();
    HostSightings sightings =
        HostSightings.newBuilder()
            .setCrawlId("c1")
            .setSettled(List.of("https://example.com/a"))
            .setLinks(List.of("https://example.com/b", "https://example.com/c"))
            .setLinkDepth(2)
            .setMaxDepth(3)
            .setScope(CrawlScope.DOMAIN)
            .setReferrer("https://example.com/a/")
            .build();
    // The process worker's repartition topic, which Topics does not list (Kafka Streams owns it).
    Topic<String, HostSightings> sightingsByHost =
        new Topic<>("url-sightings-by-host", Serdes.String(), AvroSerde.of(HostSightings.class));

    assertThat(roundTrip(Topics.URLS, request())).isEqualTo(request());
    assertThat(roundTrip(Topics.PAGES, result)).isEqualTo(result);
    assertThat(roundTrip(Topics.FETCH_DLQ, failure)).isEqualTo(failure);
    assertThat(roundTrip(Topics.DOCUMENTS, document)).isEqualTo(document);
    assertThat(roundTrip(Topics.DOMAIN_STATS, stats)).isEqualTo(stats);
    assertThat(roundTrip(sightingsByHost, sightings)).isEqualTo(sightings);
  }

  @Test
  void passesNullThroughForTombstones() {
    AvroSerde<FetchRequest> serde = AvroSerde.of(FetchRequest.class);
    assertThat(serde.serialize("t", null)).isNull();
    assertThat(serde.deserialize("t", null)).isNull();
  }

  @Test
  void rejectsBytesThatAreNotThisRecordWithTheTopicInTheMessage() {
    AvroSerde<FetchRequest> serde = AvroSerde.of(FetchRequest.class);
    byte[] document =
        AvroSerde.of(Document.class)
            .serialize(
                "t",
                Document.newBuilder()
                    .setUrl("u")
                    .setFinalUrl("u")
                    .setHost("h")
                    .setCrawlId("c")
                    .setStatus(200)
                    .setContentHash("00")
                    .setFetchedAt(0)
                    .build());

    assertThatThrownBy(() -> serde.deserialize("trawl.urls", document))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("cannot read a FetchRequest from topic trawl.urls: ");
    assertThatThrownBy(() -> serde.deserialize("trawl.urls", new byte[] {1, 2, 3}))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("cannot read a FetchRequest from topic trawl.urls: ");
  }

  /** The serde knows the earlier schemas itself: the reader is not told which one wrote. */
  @Test
  void readsRecordsWrittenWithAnEarlierSchema() throws Exception {
    Schema oldFailure =
        SchemaCompatibilityTest.parseAll(
                Path.of(getClass().getResource(PreviousSchemas.ROOT + "v1").toURI()))
            .get(FetchFailure.getClassSchema().getFullName());
    FetchFailure current =
        FetchFailure.newBuilder()
            .setRequest(request())
            .setAttempts(3)
            .setError(new FetchError(ErrorType.TIMEOUT, "no response in 30 s"))
            .setFailedAt(2L)
            .build();
    // The same failure as a v1 writer (without status and proxyId) would have written it.
    GenericData.Record old = new GenericData.Record(oldFailure);
    old.put("request", current.getRequest());
    old.put("attempts", 3);
    old.put("error", current.getError());
    old.put("failedAt", 2L);
    byte[] v1Bytes =
        new BinaryMessageEncoder<GenericData.Record>(SpecificData.get(), oldFailure)
            .encode(old)
            .array();

    FetchFailure read = AvroSerde.of(FetchFailure.class).deserialize("trawl.fetch-dlq", v1Bytes);

    assertThat(read).isEqualTo(current);
    assertThat(read.getStatus()).isZero();
    assertThat(read.getProxyId()).isNull();
  }

  /**
   * Serialises with the topic's serde, checks the bytes are exactly those of Avro's reflective
   * writer (the serde uses the generated coders), and reads them back.
   */
  private static <V> V roundTrip(Topic<String, V> topic, V value) {
    byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
    SpecificRecord record = (SpecificRecord) value;
    ByteBuffer reflective;
    try {
      reflective =
          new BinaryMessageEncoder<SpecificRecord>(SpecificData.get(), record.getSchema())
              .encode(record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    byte[] expected = new byte[reflective.remaining()];
    reflective.get(expected);
    assertThat(bytes).isEqualTo(expected);
    return topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
  }
}
