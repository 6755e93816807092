package dev.trawl.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.producer.ProduceSummary;
import dev.trawl.producer.RejectReason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTest {

  @Test
  void summarisesCountsByReasonInEnumOrderWithTheRate() {
    ProduceSummary summary =
        new ProduceSummary(
            20,
            12,
            Map.of(RejectReason.NO_HOST, 1L, RejectReason.UNSUPPORTED_SCHEME, 3L),
            2,
            12,
            0,
            Duration.ofMillis(1500),
            List.of(),
            Optional.empty());

    assertThat(Report.summary("crawl-1", "trawl.urls", summary))
        .isEqualTo(
            "crawl crawl-1: accepted 12, rejected 4 (unsupported scheme 3, no host 1),"
                + " duplicates 2; published 12 to trawl.urls in 1.50 s (8 URLs/s).");
  }

  @Test
  void summarisesFailedSends() {
    ProduceSummary summary =
        new ProduceSummary(
            3,
            3,
            Map.of(),
            0,
            1,
            2,
            Duration.ofMillis(250),
            List.of(),
            Optional.of("a send failed: boom"));

    assertThat(Report.summary("c", "t", summary))
        .isEqualTo(
            "crawl c: accepted 3, rejected 0, duplicates 0; published 1 to t in 0.25 s"
                + " (4 URLs/s); failed sends 2.");
  }
}
