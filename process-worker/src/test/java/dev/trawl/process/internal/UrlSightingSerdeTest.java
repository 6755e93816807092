package dev.trawl.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.process.Pages;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class UrlSightingSerdeTest {

  private final UrlSightingSerde serde = new UrlSightingSerde();

  @Test
  void readsBackWhatItWrites() {
    UrlSighting link = UrlSighting.link(Pages.request("http://a.test/x", "a.test"));
    UrlSighting outcome = UrlSighting.outcome(Pages.request("http://b.test/", "b.test"));

    assertThat(
            List.of(link, outcome).stream()
                .map(s -> serde.deserialize("t", serde.serialize("t", s)))
                .toList())
        .containsExactly(link, outcome);
    assertThat(serde.serialize("t", null)).isNull();
    assertThat(serde.deserialize("t", null)).isNull();
  }

  @Test
  void rejectsBytesThatAreNotASighting() {
    assertThatThrownBy(() -> serde.deserialize("t", new byte[] {7, 1, 2}))
        .isInstanceOf(SerializationException.class)
        .hasMessage("not a UrlSighting in topic t");
  }

  @Test
  void keysSeenUrlsByCrawlAndUrl() {
    assertThat(UrlSighting.link(Pages.request("http://a.test/x", "a.test")).seenKey())
        .isEqualTo("crawl-1|http://a.test/x");
  }
}
