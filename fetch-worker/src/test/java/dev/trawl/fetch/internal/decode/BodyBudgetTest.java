package dev.trawl.fetch.internal.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BodyBudgetTest {

  private final AtomicInteger wakes = new AtomicInteger();

  private BodyBudget budget(long capacity, long perResponse) {
    BodyBudget budget = new BodyBudget(capacity, perResponse);
    budget.onRoom(wakes::incrementAndGet);
    return budget;
  }

  @Test
  void admitsWhileAWholeResponseStillFits() {
    BodyBudget budget = budget(1_000, 100);

    budget.reserve(900);
    assertThat(budget.admits()).isTrue();
    budget.reserve(1);

    assertThat(budget.admits()).isFalse();
    assertThat(budget.held()).isEqualTo(901);
    assertThat(wakes).hasValue(0);
  }

  @Test
  void wakesTheRefusedStartOnceWhenReleasesMakeRoom() {
    BodyBudget budget = budget(1_000, 100);
    budget.reserve(1_000);
    assertThat(budget.admits()).isFalse();

    budget.release(50);
    assertThat(wakes).hasValue(0);
    budget.release(50);
    assertThat(wakes).hasValue(1);
    budget.release(100);

    assertThat(wakes).hasValue(1);
    assertThat(budget.held()).isEqualTo(800);
    assertThat(budget.admits()).isTrue();
  }

  @Test
  void wakesNobodyWhenNoStartWasRefused() {
    BodyBudget budget = budget(1_000, 100);
    budget.reserve(1_000);

    budget.release(1_000);

    assertThat(wakes).hasValue(0);
  }

  @Test
  void alwaysAdmitsWhenNothingIsHeld() {
    BodyBudget budget = budget(100, 100);

    assertThat(budget.admits()).isTrue();
    budget.reserve(1);
    assertThat(budget.admits()).isFalse();
    budget.release(1);
    assertThat(wakes).hasValue(1);
    assertThat(budget.admits()).isTrue();
  }

  @Test
  void reservesInAdvanceOnlyWhatFitsInTheCapacity() {
    BodyBudget budget = budget(1_000, 100);
    budget.reserve(600);

    assertThat(budget.tryReserve(400)).isTrue();
    assertThat(budget.tryReserve(1)).isFalse();
    assertThat(budget.held()).isEqualTo(1_000);
    budget.reserve(5); // Bytes that arrived are counted whatever is held.
    assertThat(budget.held()).isEqualTo(1_005);
  }

  @Test
  void refusesABudgetSmallerThanOneResponse() {
    assertThatThrownBy(() -> new BodyBudget(99, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the body budget (99) must hold one whole response (100)");
  }

  @Test
  void anUnlimitedBudgetAlwaysAdmits() {
    BodyBudget budget = BodyBudget.unlimited(100);
    budget.reserve(Long.MAX_VALUE / 2);

    assertThat(budget.admits()).isTrue();
  }
}
