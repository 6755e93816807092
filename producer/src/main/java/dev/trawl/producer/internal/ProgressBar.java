package dev.trawl.producer.internal;

import dev.trawl.producer.ProduceListener;
import dev.trawl.producer.Rejection;
import dev.trawl.schemas.FetchRequest;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A one-line progress display for a terminal ({@code lines/s, accepted, rejected}), redrawn in
 * place with a carriage return at most every {@link #REDRAW_NANOS}, and only once the input has
 * taken longer than {@link #DELAY_NANOS}: short inputs show nothing. Called on the publishing
 * thread only (like every {@link ProduceListener}), so its counters are plain fields.
 */
public final class ProgressBar implements ProduceListener {

  static final long DELAY_NANOS = 1_000_000_000L;
  static final long REDRAW_NANOS = 200_000_000L;

  private final PrintWriter out;
  private final LongSupplier nanoTime;
  private final long start;
  private long nextDraw;
  private long lines;
  private long accepted;
  private long rejected;
  private boolean drawn;

  /** A bar written to {@code out}, timed by {@code nanoTime}. */
  public ProgressBar(PrintWriter out, LongSupplier nanoTime) {
    this.out = out;
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
    this.nextDraw = start + DELAY_NANOS;
  }

  @Override
  public void rejected(Rejection rejection) {
    rejected++;
    finish();
    drawn = false;
    tick();
  }

  @Override
  public void duplicate(long lineNumber, String line, String url) {
    tick();
  }

  @Override
  public void accepted(long lineNumber, String line, FetchRequest request) {
    accepted++;
    tick();
  }

  /** Clears the bar (if drawn) so that a report line or the summary starts on a clean line. */
  public void finish() {
    if (drawn) {
      out.print("\r\033[K");
      out.flush();
    }
  }

  private void tick() {
    lines++;
    if ((lines & 0xFF) != 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    if (now < nextDraw) {
      return;
    }
    nextDraw = now + REDRAW_NANOS;
    double seconds = (now - start) / 1e9;
    out.print(
        String.format(
            Locale.ROOT,
            "\r\033[K%,d lines (%,.0f lines/s), accepted %,d, rejected %,d",
            lines,
            lines / seconds,
            accepted,
            rejected));
    out.flush();
    drawn = true;
  }
}
