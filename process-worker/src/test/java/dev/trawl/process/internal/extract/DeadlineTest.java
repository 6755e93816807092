package dev.trawl.process.internal.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  @Test
  void passesWhenItsClockReachesTheBudgetAndAGuardedInputThenThrows() {
    AtomicLong now = new AtomicLong(1_000);
    Deadline deadline = Deadline.after(50, now::get);
    CharSequence input = deadline.guard("x".repeat(10_000));

    now.set(1_049);
    assertThat(deadline.passed()).isFalse();
    assertThat(input.charAt(0)).isEqualTo('x');
    now.set(1_050);

    assertThat(deadline.passed()).isTrue();
    assertThatThrownBy(
            () -> {
              for (int i = 0; i < input.length(); i++) {
                input.charAt(i);
              }
            })
        .isInstanceOf(Deadline.Expired.class);
  }

  @Test
  void spendsNothingOfACpuBudgetWhileTheThreadWaits() throws InterruptedException {
    Deadline deadline = Deadline.after(1_000_000, Deadline.threadCpuClock()); // 1 ms

    Thread.sleep(100);

    // Asleep, the thread uses far less than a millisecond of CPU; a wall clock would have passed.
    assertThat(deadline.passed()).isFalse();
  }
}
