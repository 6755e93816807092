package dev.trawl.local;

import java.io.PrintStream;
import java.util.function.IntSupplier;

/**
 * Prints the progress of a local run: done/total, pages/s overall and over the last interval,
 * requests in flight. On a terminal it redraws one line; otherwise it prints a line every few
 * seconds so logs stay readable.
 */
final class ProgressPrinter {

  private final PrintStream out;
  private final boolean terminal;
  private final IntSupplier inFlight;
  private final long startNanos = System.nanoTime();
  private long lastPrintNanos = startNanos;
  private long lastDone;

  ProgressPrinter(PrintStream out, boolean terminal, IntSupplier inFlight) {
    this.out = out;
    this.terminal = terminal;
    this.inFlight = inFlight;
  }

  /** Prints if enough time has passed since the last line. */
  void maybePrint(long done, long total, long failed) {
    long now = System.nanoTime();
    long interval = terminal ? 500_000_000L : 5_000_000_000L;
    if (now - lastPrintNanos < interval) {
      return;
    }
    double recent = (done - lastDone) / ((now - lastPrintNanos) / 1e9);
    lastPrintNanos = now;
    lastDone = done;
    String line =
        String.format(
            "[%5.1fs] done %,d/%,d  %,.0f pages/s (now %,.0f)  in flight %,d  failed %,d",
            elapsedSeconds(),
            done,
            total,
            done / Math.max(elapsedSeconds(), 1e-3),
            recent,
            inFlight.getAsInt(),
            failed);
    if (terminal) {
      out.print("\r" + line + "   ");
    } else {
      out.println(line);
    }
    out.flush();
  }

  /** Ends the progress line (on a terminal) before other output. */
  void finish() {
    if (terminal) {
      out.println();
    }
  }

  double elapsedSeconds() {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
