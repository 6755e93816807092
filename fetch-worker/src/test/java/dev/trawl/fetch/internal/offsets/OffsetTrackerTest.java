package dev.trawl.fetch.internal.offsets;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetTrackerTest {

  private static final TopicPartition P0 = new TopicPartition("trawl.urls", 0);
  private static final TopicPartition P1 = new TopicPartition("trawl.urls", 1);

  private final OffsetTracker tracker = new OffsetTracker();

  private void register(TopicPartition tp, long... offsets) {
    for (long offset : offsets) {
      tracker.register(tp, offset);
    }
  }

  private void complete(TopicPartition tp, long... offsets) {
    for (long offset : offsets) {
      tracker.complete(tp, offset);
    }
  }

  @Test
  void offersNothingUntilTheFirstOffsetIsComplete() {
    register(P0, 5, 6, 7);
    complete(P0, 6, 7);

    assertThat(tracker.committable()).isEmpty();

    complete(P0, 5);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, 8L));
  }

  @Test
  void commitsOnlyBelowTheFirstIncompleteOffset() {
    register(P0, 0, 1, 2, 3, 4);
    complete(P0, 0, 1, 3, 4);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, 2L));
    assertThat(tracker.pending()).isEqualTo(1);
  }

  @Test
  void advancesAsOutOfOrderCompletionsFillTheGaps() {
    register(P0, 10, 11, 12, 13);

    complete(P0, 13);
    assertThat(tracker.committable()).isEmpty();
    complete(P0, 11);
    assertThat(tracker.committable()).isEmpty();
    complete(P0, 10);
    assertThat(tracker.committable()).isEqualTo(Map.of(P0, 12L));
    complete(P0, 12);
    assertThat(tracker.committable()).isEqualTo(Map.of(P0, 14L));
  }

  @Test
  void skipsOffsetsThatWereNeverRegistered() {
    // 21 and 22 are transaction markers: never returned by poll, never registered.
    register(P0, 20, 23, 24);
    complete(P0, 20, 23);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, 24L));

    complete(P0, 24);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, 25L));
  }

  @Test
  void offersEachPartitionIndependently() {
    register(P0, 0, 1);
    register(P1, 7, 8);
    complete(P0, 0, 1);
    complete(P1, 8);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, 2L));
    assertThat(tracker.committable(List.of(P1))).isEmpty();
  }

  @Test
  void doesNotOfferACommittedOffsetAgain() {
    register(P0, 0, 1, 2);
    complete(P0, 0, 1);
    tracker.committed(Map.of(P0, 2L));

    assertThat(tracker.committable()).isEmpty();

    complete(P0, 2);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, 3L));
  }

  @Test
  void forgetsRevokedPartitionsAndIgnoresTheirLateCompletions() {
    register(P0, 0, 1);
    register(P1, 0, 1);
    complete(P0, 0);

    tracker.revoke(List.of(P0));
    complete(P0, 1);

    assertThat(tracker.committable()).isEmpty();
    assertThat(tracker.pending()).isEqualTo(2);
  }

  @Test
  void startsAfreshWhenARevokedPartitionIsAssignedAgain() {
    register(P0, 0, 1, 2);
    complete(P0, 0);
    tracker.revoke(List.of(P0));

    register(P0, 1, 2);
    complete(P0, 2);
    assertThat(tracker.committable()).isEmpty();
    complete(P0, 1);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, 3L));
  }

  @Test
  void holdsCommitsBackWhenASeekReRegistersEarlierOffsets() {
    register(P0, 0, 1, 2, 3);
    complete(P0, 0, 1, 2, 3);
    assertThat(tracker.committable()).isEqualTo(Map.of(P0, 4L));

    // Seek back to 2 before the commit went out: 2 and 3 are polled again.
    register(P0, 2, 3);
    assertThat(tracker.committable()).isEqualTo(Map.of(P0, 2L));

    complete(P0, 3, 2);
    assertThat(tracker.committable()).isEqualTo(Map.of(P0, 4L));
  }

  @Test
  void neverOffersAnOffsetBelowTheLastCommit() {
    register(P0, 0, 1, 2, 3);
    complete(P0, 0, 1, 2, 3);
    tracker.committed(tracker.committable());

    register(P0, 1, 2);
    complete(P0, 1);

    assertThat(tracker.committable()).isEmpty();

    complete(P0, 2);
    register(P0, 4);
    complete(P0, 4);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, 5L));
  }

  @Test
  void ignoresACompletionOfAnOffsetNotPending() {
    register(P0, 0, 1);
    complete(P0, 0, 0, 5);

    assertThat(tracker.committable()).isEqualTo(Map.of(P0, 1L));
    assertThat(tracker.pending()).isEqualTo(1);
  }

  @Test
  void waitsForTheFetchesInFlightOfRevokedPartitionsWithinTheGrace() throws Exception {
    register(P0, 0, 1, 2, 3);
    register(P1, 0);
    Thread completer = new Thread(() -> complete(P0, 0, 1));
    completer.start();

    boolean finished = tracker.awaitPending(List.of(P0), 2, System.nanoTime() + 10_000_000_000L);

    assertThat(finished).isTrue();
    assertThat(tracker.pending(List.of(P0))).isEqualTo(2);
    assertThat(tracker.committable(List.of(P0))).isEqualTo(Map.of(P0, 2L));
    completer.join(10_000);
  }

  @Test
  void givesUpWaitingAtTheDeadline() {
    register(P0, 0, 1);

    assertThat(tracker.awaitPending(List.of(P0), 0, System.nanoTime())).isFalse();
    assertThat(tracker.pending(List.of(P0, P1))).isEqualTo(2);
  }

  @Test
  void dropsWhatIsIncompleteOnRevocationAndStartsOverAfterARewind() {
    register(P0, 10, 11, 12);
    complete(P0, 10, 12);
    tracker.committed(tracker.committable(List.of(P0)));
    tracker.revoke(List.of(P0));
    complete(P0, 11);

    register(P0, 11, 12);

    assertThat(tracker.committable()).isEmpty();
    complete(P0, 11, 12);
    assertThat(tracker.committable()).isEqualTo(Map.of(P0, 13L));
  }

  @Test
  void reportsConsumedAndCommittedPositions() {
    register(P0, 4, 5, 6);
    complete(P0, 4);
    tracker.committed(tracker.committable());

    assertThat(tracker.positions())
        .hasSize(1)
        .hasEntrySatisfying(P0, p -> assertThat(p).containsExactly(7L, 5L));
  }
}
