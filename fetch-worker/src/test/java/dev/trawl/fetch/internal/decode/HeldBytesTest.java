package dev.trawl.fetch.internal.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The budget counts every byte allocated, and an announced size never allocates past its room. */
class HeldBytesTest {

  private static final int LIMIT = 100_000;

  private final BodyBudget budget = new BodyBudget(250_000, LIMIT);

  @Test
  void allocatesAnAnnouncedSizeOnlyWhenTheBudgetHasRoomForIt() {
    HeldBytes first = new HeldBytes(LIMIT, budget);
    HeldBytes second = new HeldBytes(LIMIT, budget);
    HeldBytes third = new HeldBytes(LIMIT, budget);

    first.presize(Long.MAX_VALUE); // A lying Content-Length: at most the limit.
    second.presize(LIMIT);
    third.presize(LIMIT); // 200,000 held: no room for 100,000 more.

    assertThat(new int[] {first.capacity(), second.capacity(), third.capacity()})
        .containsExactly(LIMIT, LIMIT, 0);
    assertThat(budget.held()).isEqualTo(2L * LIMIT);
  }

  @Test
  void growsAsBytesArriveReservingEachGrowthBeforeAllocatingIt() {
    HeldBytes held = new HeldBytes(LIMIT, budget);
    held.presize(HeldBytes.MIN_CAPACITY); // Not worth announcing: nothing in advance.
    assertThat(held.capacity()).isZero();

    held.append(new byte[10], 0, 10);
    assertThat(new long[] {held.capacity(), budget.held()})
        .containsExactly(HeldBytes.MIN_CAPACITY, HeldBytes.MIN_CAPACITY);
    held.append(ByteBuffer.wrap(new byte[HeldBytes.MIN_CAPACITY]));
    assertThat(new long[] {held.capacity(), budget.held()})
        .containsExactly(2 * HeldBytes.MIN_CAPACITY, 2 * HeldBytes.MIN_CAPACITY);
    int kept = held.append(new byte[2 * LIMIT], 0, 2 * LIMIT);

    assertThat(kept).isEqualTo(LIMIT - 10 - HeldBytes.MIN_CAPACITY);
    assertThat(new long[] {held.size(), held.capacity(), budget.held()})
        .containsExactly(LIMIT, LIMIT, LIMIT);
  }

  @Test
  void keepsBytesThatArrivedEvenPastTheBudget() {
    BodyBudget full = new BodyBudget(LIMIT, LIMIT);
    full.reserve(LIMIT);
    HeldBytes held = new HeldBytes(LIMIT, full);
    held.presize(LIMIT);

    held.append(new byte[5], 0, 5);

    assertThat(held.size()).isEqualTo(5);
    assertThat(full.held()).isEqualTo(LIMIT + HeldBytes.MIN_CAPACITY);
  }

  @Test
  void handsOverExactlyItsBytesReleasingTheSlack() {
    HeldBytes held = new HeldBytes(LIMIT, budget);
    held.presize(50_000);
    byte[] data = new byte[30_000];
    Arrays.fill(data, (byte) 'x');
    held.append(data, 0, data.length);
    assertThat(budget.held()).isEqualTo(50_000);

    byte[] exact = held.takeExact();

    assertThat(exact).isEqualTo(data);
    assertThat(budget.held()).isEqualTo(30_000); // What the new holder holds.
    assertThat(held.capacity()).isZero();
  }

  @Test
  void handsOverItsOwnArrayWhenTheAnnouncedSizeWasRight() {
    HeldBytes held = new HeldBytes(LIMIT, budget);
    held.presize(20_000);
    held.append(new byte[20_000], 0, 20_000);
    byte[] array = held.array();

    assertThat(held.takeExact()).isSameAs(array);
    assertThat(budget.held()).isEqualTo(20_000);
  }

  @Test
  void releasesAllItAllocated() {
    HeldBytes held = new HeldBytes(LIMIT, budget);
    held.presize(LIMIT);
    held.append(new byte[10], 0, 10);

    held.release();

    assertThat(budget.held()).isZero();
    assertThat(held.size()).isZero();
  }
}
