package dev.trawl.fetch.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class BackpressureTest {

  private static final TopicPartition P0 = new TopicPartition("trawl.urls", 0);
  private static final TopicPartition P1 = new TopicPartition("trawl.urls", 1);

  private final Backpressure backpressure = new Backpressure(20);

  private void queue(TopicPartition partition, int count) {
    for (int i = 0; i < count; i++) {
      backpressure.queued(partition);
    }
  }

  @Test
  void sharesTheBufferEquallyAmongAssignedPartitions() {
    backpressure.assigned(List.of(P0, P1));

    assertThat(backpressure.share()).isEqualTo(10);
  }

  @Test
  void pausesOnlyThePartitionOverItsShare() {
    backpressure.assigned(List.of(P0, P1));
    queue(P0, 11);
    queue(P1, 10);

    assertThat(backpressure.toPause()).containsExactly(P0);
    assertThat(backpressure.toPause()).isEmpty();
    assertThat(backpressure.pausedCount()).isEqualTo(1);
  }

  @Test
  void resumesAPausedPartitionOnceItDrainedToHalfItsShare() {
    backpressure.assigned(List.of(P0, P1));
    queue(P0, 12);
    backpressure.toPause();

    for (int i = 0; i < 6; i++) {
      assertThat(backpressure.started(P0)).isFalse();
    }
    assertThat(backpressure.toResume()).isEmpty();

    assertThat(backpressure.started(P0)).isTrue();
    assertThat(backpressure.toResume()).containsExactly(P0);
    assertThat(backpressure.pausedCount()).isZero();
    assertThat(backpressure.started(P0)).isFalse();
  }

  @Test
  void forgetsRevokedPartitionsAndGrowsTheShareOfTheRest() {
    backpressure.assigned(List.of(P0, P1));
    queue(P0, 15);
    backpressure.toPause();

    backpressure.revoked(List.of(P0));

    assertThat(backpressure.share()).isEqualTo(20);
    assertThat(backpressure.pausedCount()).isZero();
    assertThat(backpressure.started(P0)).isFalse();
    assertThat(backpressure.toResume()).isEmpty();
  }

  @Test
  void neverCountsBelowZero() {
    backpressure.assigned(List.of(P0));
    backpressure.started(P0);
    queue(P0, 21);

    assertThat(backpressure.toPause()).containsExactly(P0);
  }

  @Test
  void refusesAnEmptyBuffer() {
    assertThatThrownBy(() -> new Backpressure(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBuffered must be at least 1, was 0");
  }
}
