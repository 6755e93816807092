package dev.trawl.producer.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.producer.RejectReason;
import dev.trawl.producer.Rejection;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

  private final StringWriter out = new StringWriter();
  private long now;

  @Test
  void drawsNothingForInputsFasterThanASecond() {
    ProgressBar bar = new ProgressBar(new PrintWriter(out), () -> now);

    for (int i = 0; i < 10_000; i++) {
      bar.accepted(i + 1, null, null);
    }
    bar.finish();

    assertThat(out.toString()).isEmpty();
  }

  @Test
  void drawsRatesAndCountsInPlaceAfterASecondAndClearsAtTheEnd() {
    ProgressBar bar = new ProgressBar(new PrintWriter(out), () -> now);

    for (int i = 0; i < 255; i++) {
      bar.accepted(i + 1, null, null);
    }
    now = 2_000_000_000L;
    bar.rejected(new Rejection(256, "x", RejectReason.NO_SCHEME, "no scheme"));
    bar.finish();

    assertThat(out.toString())
        .isEqualTo("\r\033[K256 lines (128 lines/s), accepted 255, rejected 1\r\033[K");
  }
}
