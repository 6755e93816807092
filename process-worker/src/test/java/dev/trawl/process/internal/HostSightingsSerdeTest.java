package dev.trawl.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.process.Pages;
import dev.trawl.schemas.AvroSerde;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchRequest;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class HostSightingsSerdeTest {

  private final HostSightingsSerde serde = new HostSightingsSerde();

  @Test
  void readsBackWhatItWrites() {
    HostSightings page =
        new HostSightings(
            "crawl-1",
            List.of("http://a.test/", "http://a.test/caf\u00e9"),
            List.of("http://a.test/x", "http://a.test/y"),
            2,
            3,
            CrawlScope.DOMAIN,
            "http://a.test/");
    HostSightings failure =
        new HostSightings(
            "crawl-2", List.of("http://b.test/"), List.of(), 1, 1, CrawlScope.ANY, null);

    assertThat(
            List.of(page, failure).stream()
                .map(s -> serde.deserialize("t", serde.serialize("t", s)))
                .toList())
        .containsExactly(page, failure);
    assertThat(serde.serialize("t", null)).isNull();
    assertThat(serde.deserialize("t", null)).isNull();
  }

  @Test
  void readsTheEarlierFormatOfOneUrlPerRecord() {
    FetchRequest link =
        FetchRequest.newBuilder(Pages.request("http://a.test/x", "a.test"))
            .setDepth(1)
            .setMaxDepth(2)
            .setScope(CrawlScope.ANY)
            .setReferrer("http://a.test/")
            .build();
    FetchRequest outcome = Pages.request("http://a.test/", "a.test");

    assertThat(
            List.of(
                serde.deserialize("t", legacy(0, link)),
                serde.deserialize("t", legacy(1, outcome))))
        .containsExactly(
            new HostSightings(
                "crawl-1",
                List.of(),
                List.of("http://a.test/x"),
                1,
                2,
                CrawlScope.ANY,
                "http://a.test/"),
            new HostSightings(
                "crawl-1", List.of("http://a.test/"), List.of(), 0, 1, CrawlScope.HOST, null));
  }

  @Test
  void rejectsBytesThatAreNotSightings() {
    byte[] truncated =
        serde.serialize(
            "t", new HostSightings("c", List.of("u"), List.of(), 1, 1, CrawlScope.HOST, null));
    byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length - 1);

    assertThatThrownBy(() -> serde.deserialize("t", new byte[] {7, 1, 2}))
        .isInstanceOf(SerializationException.class)
        .hasMessage("not HostSightings in topic t");
    assertThatThrownBy(() -> serde.deserialize("t", cut))
        .isInstanceOf(SerializationException.class)
        .hasMessage("not HostSightings in topic t");
  }

  @Test
  void keysSeenUrlsByCrawlAndUrlAndBuildsLinkRequests() {
    HostSightings sightings =
        new HostSightings(
            "crawl-1",
            List.of(),
            List.of("http://a.test/x"),
            2,
            3,
            CrawlScope.HOST,
            "http://a.test/");

    assertThat(sightings.seenKey("http://a.test/x")).isEqualTo("crawl-1|http://a.test/x");
    assertThat(sightings.request("a.test", "http://a.test/x", 77))
        .isEqualTo(
            FetchRequest.newBuilder(Pages.request("http://a.test/x", "a.test"))
                .setDepth(2)
                .setMaxDepth(3)
                .setEnqueuedAt(77)
                .setReferrer("http://a.test/")
                .build());
  }

  private static byte[] legacy(int kind, FetchRequest request) {
    byte[] avro = AvroSerde.of(FetchRequest.class).serialize("t", request);
    byte[] bytes = new byte[avro.length + 1];
    bytes[0] = (byte) kind;
    System.arraycopy(avro, 0, bytes, 1, avro.length);
    return bytes;
  }
}
