package dev.trawl.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
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

    assertThat(roundTrip(Topics.URLS, request())).isEqualTo(request());
    assertThat(roundTrip(Topics.PAGES, result)).isEqualTo(result);
    assertThat(roundTrip(Topics.FETCH_DLQ, failure)).isEqualTo(failure);
    assertThat(roundTrip(Topics.DOCUMENTS, document)).isEqualTo(document);
    assertThat(roundTrip(Topics.DOMAIN_STATS, stats)).isEqualTo(stats);
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

  private static <V> V roundTrip(Topic<String, V> topic, V value) {
    byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
    return topic.valueSerde().deserializer().deserialize(topic.name(), bytes);
  }
}
