package dev.trawl.fetch.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostQueuesTest {

  /** Takes items until none may start. */
  private static List<String> drain(HostQueues<String> queues) {
    List<String> taken = new ArrayList<>();
    String item;
    while ((item = queues.next()) != null) {
      taken.add(item);
    }
    return taken;
  }

  @Test
  void servesHostsRoundRobinSoAHugeHostDoesNotStarveASmallOne() {
    HostQueues<String> queues = new HostQueues<>(4, 100);
    for (int i = 0; i < 10_000; i++) {
      queues.add("big", "big-" + i);
    }
    queues.add("small", "small-0");
    queues.add("small", "small-1");

    assertThat(drain(queues)).containsExactly("big-0", "small-0", "big-1", "small-1");
  }

  @Test
  void keepsEachHostsOrder() {
    HostQueues<String> queues = new HostQueues<>(10, 10);
    queues.add("a", "a-0");
    queues.add("a", "a-1");
    queues.add("b", "b-0");
    queues.add("a", "a-2");

    assertThat(drain(queues)).containsExactly("a-0", "b-0", "a-1", "a-2");
    assertThat(queues.buffered()).isZero();
    assertThat(queues.inFlight()).isEqualTo(4);
  }

  @Test
  void startsNoMoreThanThePerHostLimitUntilOneIsReleased() {
    HostQueues<String> queues = new HostQueues<>(100, 2);
    for (int i = 0; i < 5; i++) {
      queues.add("a", "a-" + i);
    }

    assertThat(drain(queues)).containsExactly("a-0", "a-1");
    assertThat(queues.buffered()).isEqualTo(3);

    queues.release("a");

    assertThat(drain(queues)).containsExactly("a-2");
  }

  @Test
  void letsOtherHostsStartWhileOneIsAtItsLimit() {
    HostQueues<String> queues = new HostQueues<>(100, 1);
    queues.add("a", "a-0");
    queues.add("a", "a-1");
    queues.add("b", "b-0");
    queues.add("b", "b-1");
    queues.add("c", "c-0");

    assertThat(drain(queues)).containsExactly("a-0", "b-0", "c-0");

    queues.release("b");
    assertThat(drain(queues)).containsExactly("b-1");
    queues.release("a");
    assertThat(drain(queues)).containsExactly("a-1");
  }

  @Test
  void startsNoMoreThanTheGlobalLimitAcrossHosts() {
    HostQueues<String> queues = new HostQueues<>(3, 10);
    for (String host : List.of("a", "b", "c", "d")) {
      queues.add(host, host + "-0");
      queues.add(host, host + "-1");
    }

    assertThat(drain(queues)).containsExactly("a-0", "b-0", "c-0");
    assertThat(queues.inFlight()).isEqualTo(3);

    queues.release("b");

    assertThat(drain(queues)).containsExactly("d-0");

    queues.release("a");
    queues.release("c");

    assertThat(drain(queues)).containsExactly("a-1", "b-1");
  }

  @Test
  void removesQueuedItemsButNotStartedOnes() {
    HostQueues<String> queues = new HostQueues<>(10, 1);
    queues.add("a", "a-0");
    queues.add("a", "a-1");
    queues.add("b", "b-0");
    queues.add("b", "b-1");
    assertThat(drain(queues)).containsExactly("a-0", "b-0");

    List<String> removed = queues.removeIf(item -> item.startsWith("a"));

    assertThat(removed).containsExactly("a-1");
    assertThat(queues.buffered()).isEqualTo(1);
    assertThat(queues.inFlight()).isEqualTo(2);
    queues.release("a");
    assertThat(drain(queues)).isEmpty();
    queues.release("b");
    assertThat(drain(queues)).containsExactly("b-1");
  }

  @Test
  void forgetsHostsWithNothingQueuedOrInFlight() {
    HostQueues<String> queues = new HostQueues<>(10, 10);
    queues.add("a", "a-0");
    queues.add("b", "b-0");
    drain(queues);
    queues.release("a");

    assertThat(queues.hosts()).isEqualTo(1);

    queues.release("b");

    assertThat(queues.hosts()).isZero();
  }

  @Test
  void refusesToReleaseAHostWithNothingInFlight() {
    HostQueues<String> queues = new HostQueues<>(10, 10);

    assertThatThrownBy(() -> queues.release("a"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("nothing in flight for host a");
  }

  private static final long MS = 1_000_000L;

  /** Takes items until none may start at {@code now}. */
  private static List<String> drainAt(HostQueues<String> queues, long now) {
    List<String> taken = new ArrayList<>();
    String item;
    while ((item = queues.next(now)) != null) {
      taken.add(item);
    }
    return taken;
  }

  @Test
  void waitsTheHostDelayBetweenTwoStartsOfOneHost() {
    HostQueues<String> queues = new HostQueues<>(100, 100, 500 * MS);
    queues.add("a", "a-0", 0);
    queues.add("a", "a-1", 0);
    queues.add("a", "a-2", 0);

    assertThat(drainAt(queues, 0)).containsExactly("a-0");
    assertThat(queues.nextWakeNanos()).isEqualTo(500 * MS);
    assertThat(drainAt(queues, 499 * MS)).isEmpty();
    assertThat(drainAt(queues, 500 * MS)).containsExactly("a-1");
    assertThat(drainAt(queues, 1_200 * MS)).containsExactly("a-2");
    assertThat(queues.nextWakeNanos()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void servesOtherHostsRoundRobinWhileOneWaitsForItsDelay() {
    HostQueues<String> queues = new HostQueues<>(100, 100, 100 * MS);
    for (int i = 0; i < 3; i++) {
      queues.add("a", "a-" + i, 0);
      queues.add("b", "b-" + i, 0);
    }
    queues.add("c", "c-0", 0);

    assertThat(drainAt(queues, 0)).containsExactly("a-0", "b-0", "c-0");
    assertThat(drainAt(queues, 50 * MS)).isEmpty();
    assertThat(drainAt(queues, 100 * MS)).containsExactly("a-1", "b-1");
    assertThat(drainAt(queues, 200 * MS)).containsExactly("a-2", "b-2");
    assertThat(queues.buffered()).isZero();
  }

  @Test
  void keepsTheDelayWhenAHostHadNothingLeftInBetween() {
    HostQueues<String> queues = new HostQueues<>(100, 100, 1_000 * MS);
    queues.add("a", "a-0", 0);
    assertThat(drainAt(queues, 0)).containsExactly("a-0");
    queues.release("a");

    queues.add("a", "a-1", 10 * MS);

    assertThat(drainAt(queues, 10 * MS)).isEmpty();
    assertThat(drainAt(queues, 1_000 * MS)).containsExactly("a-1");
    queues.release("a");
    drainAt(queues, 5_000 * MS);
    assertThat(queues.hosts()).isZero();
  }

  @Test
  void raisesAHostsDelayButNeverLowersIt() {
    HostQueues<String> queues = new HostQueues<>(100, 100, 200 * MS);
    queues.raiseDelay("a", 1_000 * MS);
    queues.raiseDelay("a", 50 * MS);
    queues.raiseDelay("b", 100 * MS);
    for (String host : List.of("a", "b")) {
      queues.add(host, host + "-0", 0);
      queues.add(host, host + "-1", 0);
    }

    assertThat(queues.delayOf("a")).isEqualTo(1_000 * MS);
    assertThat(queues.delayOf("b")).isEqualTo(200 * MS);
    assertThat(drainAt(queues, 0)).containsExactly("a-0", "b-0");
    assertThat(drainAt(queues, 200 * MS)).containsExactly("b-1");
    assertThat(drainAt(queues, 999 * MS)).isEmpty();
    assertThat(drainAt(queues, 1_000 * MS)).containsExactly("a-1");
  }

  @Test
  void appliesARaisedDelayToAHostAlreadyWaiting() {
    HostQueues<String> queues = new HostQueues<>(100, 100, 100 * MS);
    queues.add("a", "a-0", 0);
    queues.add("a", "a-1", 0);
    assertThat(drainAt(queues, 0)).containsExactly("a-0");

    queues.raiseDelay("a", 2_000 * MS);

    assertThat(drainAt(queues, 100 * MS)).isEmpty();
    assertThat(queues.nextWakeNanos()).isEqualTo(2_000 * MS);
    assertThat(drainAt(queues, 2_000 * MS)).containsExactly("a-1");
  }

  @Test
  void startsARetryNotBeforeItsTimeAndAheadOfNewerWork() {
    HostQueues<String> queues = new HostQueues<>(100, 100);
    queues.addNotBefore("a", "a-retry", 300 * MS);
    queues.add("a", "a-new", 0);

    assertThat(queues.buffered()).isEqualTo(2);
    assertThat(drainAt(queues, 0)).containsExactly("a-new");
    assertThat(queues.nextWakeNanos()).isEqualTo(300 * MS);
    queues.add("a", "a-newer", 100 * MS);
    queues.release("a");
    assertThat(drainAt(queues, 299 * MS)).containsExactly("a-newer");
    queues.add("a", "a-newest", 299 * MS);
    queues.release("a");
    assertThat(drainAt(queues, 300 * MS)).containsExactly("a-retry", "a-newest");
  }

  @Test
  void startsNothingOfAHeldHostUntilItIsUnheld() {
    HostQueues<String> queues = new HostQueues<>(100, 100);
    queues.add("a", "a-0", 0);
    queues.add("a", "a-1", 0);
    queues.add("b", "b-0", 0);
    assertThat(queues.next(0)).isEqualTo("a-0");

    queues.hold("a");

    assertThat(drainAt(queues, 0)).containsExactly("b-0");
    queues.unhold("a");
    assertThat(drainAt(queues, 0)).containsExactly("a-1");
  }

  @Test
  void removesDelayedRetriesWithTheQueuedItems() {
    HostQueues<String> queues = new HostQueues<>(100, 100);
    queues.addNotBefore("a", "a-retry", 300 * MS);
    queues.add("b", "b-0", 0);

    assertThat(queues.removeIf(item -> true)).containsExactlyInAnyOrder("a-retry", "b-0");
    assertThat(queues.buffered()).isZero();
    assertThat(drainAt(queues, 1_000 * MS)).isEmpty();
  }

  @Test
  void reportsHostsWithWorkAndTheOldestWait() {
    HostQueues<String> queues = new HostQueues<>(1, 100);
    queues.add("a", "a-0", 0);
    queues.add("a", "a-1", 10 * MS);
    queues.add("b", "b-0", 40 * MS);
    assertThat(queues.next(50 * MS)).isEqualTo("a-0");

    assertThat(queues.hostsWithWork()).isEqualTo(2);
    assertThat(queues.oldestWaitNanos(100 * MS)).isEqualTo(90 * MS);
  }
}
