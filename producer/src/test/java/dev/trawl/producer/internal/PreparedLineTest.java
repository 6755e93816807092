package dev.trawl.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.producer.CrawlSpec;
import dev.trawl.producer.RejectReason;
import dev.trawl.producer.UrlCheck;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreparedLineTest {

  private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_123L), ZoneOffset.UTC);
  private final CrawlSpec crawl =
      new CrawlSpec("crawl-7", 3, CrawlScope.DOMAIN, Map.of("team", "news", "lang", "en"));

  @Test
  void buildsTheRequestItsBytesAndItsFingerprintForAnAcceptedUrl() {
    UrlCheck.Accepted url = new UrlCheck.Accepted("https://example.com/a?b=1", "example.com");

    PreparedLine prepared = PreparedLine.of(url, crawl, clock);

    FetchRequest expected =
        FetchRequest.newBuilder()
            .setUrl("https://example.com/a?b=1")
            .setHost("example.com")
            .setCrawlId("crawl-7")
            .setDepth(0)
            .setMaxDepth(3)
            .setScope(CrawlScope.DOMAIN)
            .setAttempt(0)
            .setEnqueuedAt(1_700_000_000_123L)
            .setNotBefore(null)
            .setReferrer(null)
            .setMetadata(Map.of("team", "news", "lang", "en"))
            .build();
    assertThat(prepared.check()).isEqualTo(url);
    assertThat(prepared.request()).isEqualTo(expected);
    assertThat(Topics.URLS.valueSerde().deserializer().deserialize("t", prepared.value()))
        .isEqualTo(expected);
  }

  @Test
  void fingerprintsTheUrlAloneSoThatOnlyTheSameUrlIsADuplicate() {
    CrawlSpec otherCrawl = CrawlSpec.of("crawl-8");
    Clock later = Clock.offset(clock, Duration.ofHours(1));

    long first = fingerprint("https://example.com/a?b=1", crawl, clock);

    assertThat(fingerprint("https://example.com/a?b=1", otherCrawl, later)).isEqualTo(first);
    assertThat(fingerprint("https://example.com/a?b=2", crawl, clock)).isNotEqualTo(first);
  }

  private static long fingerprint(String url, CrawlSpec crawl, Clock clock) {
    return PreparedLine.of(new UrlCheck.Accepted(url, "example.com"), crawl, clock).fingerprint();
  }

  @Test
  void carriesOnlyTheCheckOfOtherLines() {
    UrlCheck.Rejected rejected = new UrlCheck.Rejected(RejectReason.NO_HOST, "no host");

    assertThat(PreparedLine.of(rejected, crawl, clock))
        .isEqualTo(new PreparedLine(rejected, null, null, 0));
    assertThat(PreparedLine.of(new UrlCheck.Skipped(), crawl, clock))
        .isEqualTo(new PreparedLine(new UrlCheck.Skipped(), null, null, 0));
  }
}
