package dev.trawl.fetch.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.fetch.internal.proxy.ProxyPool.Rotation;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/** The pool with a controllable clock and random source: no sleeps. */
class ProxyPoolTest {

  private final AtomicLong now = new AtomicLong(1_000);

  private ProxyPool<String> pool(Rotation rotation, IntUnaryOperator random) {
    return new ProxyPool<>(List.of("a", "b", "c"), rotation, 2, 500, now::get, random);
  }

  private static List<String> picks(ProxyPool<String> pool, String host, int count) {
    List<String> picks = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      picks.add(pool.pick(host));
    }
    return picks;
  }

  @Test
  void rotatesRoundRobin() {
    assertThat(picks(pool(Rotation.ROUND_ROBIN, n -> 0), "h", 7))
        .containsExactly("a", "b", "c", "a", "b", "c", "a");
  }

  @Test
  void picksAtRandomAmongReadyProxies() {
    List<Integer> draws = new ArrayList<>(List.of(2, 0, 1, 1));
    ProxyPool<String> pool = pool(Rotation.RANDOM, n -> draws.remove(0) % n);

    assertThat(picks(pool, "h", 4)).containsExactly("c", "a", "b", "b");
  }

  @Test
  void keepsAHostOnOneProxyAndMovesItOnlyWhileThatOneIsBenched() {
    ProxyPool<String> pool = pool(Rotation.STICKY_HOST, n -> 0);
    String own = pool.pick("example.com");

    List<String> before = picks(pool, "example.com", 3);
    pool.failed(own);
    pool.failed(own);
    String during = pool.pick("example.com");
    now.addAndGet(500);
    String after = pool.pick("example.com");

    assertThat(before).containsOnly(own);
    assertThat(during).isNotEqualTo(own);
    assertThat(after).isEqualTo(own);
  }

  @Test
  void benchesAfterConsecutiveFailuresUntilTheCooldownEnds() {
    ProxyPool<String> pool = pool(Rotation.ROUND_ROBIN, n -> 0);

    pool.failed("a");
    pool.succeeded("a");
    pool.failed("a");
    boolean benchedAfterBrokenStreak = pool.benched("a");
    pool.failed("a");
    boolean benchedAfterTwoInARow = pool.benched("a");
    List<String> whileBenched = picks(pool, "h", 4);
    now.addAndGet(499);
    boolean stillBenched = pool.benched("a");
    now.addAndGet(1);

    assertThat(benchedAfterBrokenStreak).isFalse();
    assertThat(benchedAfterTwoInARow).isTrue();
    assertThat(whileBenched).containsOnly("b", "c");
    assertThat(stillBenched).isTrue();
    assertThat(pool.benched("a")).isFalse();
    assertThat(picks(pool, "h", 3)).containsExactlyInAnyOrder("a", "b", "c");
  }

  @Test
  void usesTheProxyBackFirstWhenAllAreBenched() {
    ProxyPool<String> pool = pool(Rotation.ROUND_ROBIN, n -> 0);
    pool.failed("b");
    pool.failed("b");
    now.addAndGet(10);
    pool.failed("a");
    pool.failed("a");
    pool.failed("c");
    pool.failed("c");

    assertThat(picks(pool, "h", 2)).containsExactly("b", "b");
  }

  @Test
  void parsesRotationOptions() {
    assertThat(Rotation.of("sticky-host")).isEqualTo(Rotation.STICKY_HOST);
    assertThat(Rotation.of(" Round-Robin ")).isEqualTo(Rotation.ROUND_ROBIN);
    assertThat(Rotation.of("round_robin")).isNull();
    assertThat(Rotation.of("fastest")).isNull();
  }
}
