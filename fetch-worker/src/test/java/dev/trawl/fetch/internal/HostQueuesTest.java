package dev.trawl.fetch.internal;

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
}
