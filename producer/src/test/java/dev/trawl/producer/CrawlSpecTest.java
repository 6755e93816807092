package dev.trawl.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.schemas.CrawlScope;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrawlSpecTest {

  @Test
  void generatesCrawlIdsFromTheUtcTime() {
    Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05.678Z"), ZoneId.of("Asia/Tokyo"));

    assertThat(CrawlSpec.generateCrawlId(clock)).isEqualTo("crawl-20260102-030405");
  }

  @Test
  void seedsOnlyByDefault() {
    assertThat(CrawlSpec.of("c")).isEqualTo(new CrawlSpec("c", 0, CrawlScope.HOST, Map.of()));
  }

  @Test
  void refusesBlankIdsAndNegativeDepths() {
    assertThatThrownBy(() -> CrawlSpec.of(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("crawl id must not be blank");
    assertThatThrownBy(() -> new CrawlSpec("c", -1, CrawlScope.HOST, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("max depth must be >= 0, not -1");
  }
}
