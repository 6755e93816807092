package dev.trawl.process.internal.deadletters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

class RecordLimitsTest {

  @Test
  void lowersATopicsLimitBelowEachRefusedValueAndNeverRaisesIt() {
    RecordLimits limits = new RecordLimits(1_000);

    limits.refused("a", 800, new RecordTooLargeException());
    limits.refused("a", 900, new RecordTooLargeException());
    limits.refused("b", 5_000, new RecordTooLargeException());

    assertThat(List.of(limits.maxBytes("a"), limits.maxBytes("b"), limits.maxBytes("c")))
        .containsExactly(799, 1_000, 1_000);
  }

  /** A producer fails the rest of a doomed transaction with the refusal's exception instance. */
  @Test
  void learnsFromEachRefusalOnceNotFromTheRecordsItFailedAfterwards() {
    RecordLimits limits = new RecordLimits(1_000);
    RecordTooLargeException refusal = new RecordTooLargeException();

    boolean first = limits.refused("documents", 900, refusal);
    boolean followOn = limits.refused("stats", 50, refusal);

    assertThat(List.of(first, followOn)).containsExactly(true, false);
    assertThat(List.of(limits.maxBytes("documents"), limits.maxBytes("stats")))
        .containsExactly(899, 1_000);
  }
}
