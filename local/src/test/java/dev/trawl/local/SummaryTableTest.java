package dev.trawl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.schemas.DomainStats;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTableTest {

  @Test
  void rendersOneRowPerHostSortedAndATotal() {
    DomainStats b =
        DomainStats.newBuilder()
            .setHost("b.example")
            .setPages(3)
            .setBytes(3_000_000)
            .setStatusClasses(Map.of("2xx", 2L, "5xx", 1L))
            .setOutcomes(Map.of("FETCHED", 3L, "FAILED", 1L))
            .setLatencySumMs(300)
            .setLatencyBuckets(List.of(0L, 0L, 0L, 0L, 3L))
            .build();
    DomainStats a =
        DomainStats.newBuilder()
            .setHost("a.example")
            .setPages(1)
            .setBytes(500_000)
            .setStatusClasses(Map.of("4xx", 1L))
            .setOutcomes(Map.of("FETCHED", 1L))
            .setLatencySumMs(20)
            .setLatencyBuckets(List.of(0L, 1L))
            .build();

    assertThat(SummaryTable.render(List.of(b, a)).lines().toList())
        .containsExactly(
            "host                      pages         MB     2xx     3xx     4xx     5xx   failed "
                + "  mean ms   p95 ms~",
            "a.example                     1        0.5       0       0       1       0        0 "
                + "       20      <=25",
            "b.example                     3        3.0       2       0       0       1        1 "
                + "      100     <=100",
            "total                         4        3.5       2       0       1       1        1 "
                + "       80     <=100");
  }
}
