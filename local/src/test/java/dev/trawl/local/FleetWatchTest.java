package dev.trawl.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FleetWatchTest {

  private long now;
  private Optional<String> dead = Optional.empty();
  private boolean busy;
  private long workerProgress;
  private int looks;

  private final FleetWatch.Workers workers =
      new FleetWatch.Workers() {
        @Override
        public Optional<String> dead() {
          looks++;
          return dead;
        }

        @Override
        public boolean busy() {
          return busy;
        }

        @Override
        public long progress() {
          return workerProgress;
        }
      };

  private final FleetWatch watch = new FleetWatch(workers, Duration.ofSeconds(60), () -> now);

  @Test
  void reportsAStallOnlyAfterTheStallTimeoutWithoutProgressWhileIdle() {
    List<Optional<String>> seen = new ArrayList<>();

    seen.add(watch.problem(10));
    now = seconds(59);
    seen.add(watch.problem(10));
    now = seconds(60);
    seen.add(watch.problem(10));

    assertThat(seen)
        .containsExactly(
            Optional.empty(),
            Optional.empty(),
            Optional.of(
                "the crawl stalled: no progress for 60 s with nothing in flight or waiting"));
  }

  @Test
  void countsOutcomesWorkerProgressAndBusyWorkersAsProgress() {
    List<Optional<String>> seen = new ArrayList<>();
    seen.add(watch.problem(10));
    now = seconds(50);
    seen.add(watch.problem(11));
    now = seconds(100);
    workerProgress = 1;
    seen.add(watch.problem(11));
    busy = true;
    now = seconds(200);
    seen.add(watch.problem(11));
    busy = false;
    now = seconds(259);
    seen.add(watch.problem(11));
    now = seconds(260);
    seen.add(watch.problem(11));

    assertThat(seen)
        .containsExactly(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(
                "the crawl stalled: no progress for 60 s with nothing in flight or waiting"));
  }

  @Test
  void reportsADeadWorkerAtTheNextCheck() {
    assertThat(watch.problem(0)).isEmpty();
    dead = Optional.of("the fetch worker stopped");
    now = FleetWatch.CHECK_INTERVAL.toNanos();

    assertThat(watch.problem(1)).contains("the fetch worker stopped");
  }

  @Test
  void looksAtTheWorkersAtMostOncePerCheckInterval() {
    for (int poll = 0; poll < 1_000; poll++) {
      now = poll * Duration.ofMillis(1).toNanos();
      watch.problem(poll);
    }

    // Polls at 0, 1, ..., 999 ms: looks at 0, 250, 500 and 750 ms.
    assertThat(looks).isEqualTo(4);
  }

  private static long seconds(long s) {
    return Duration.ofSeconds(s).toNanos();
  }
}
