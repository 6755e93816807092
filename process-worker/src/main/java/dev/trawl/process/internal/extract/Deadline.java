package dev.trawl.process.internal.extract;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.LongSupplier;

/**
 * When a page's extraction must stop: checked between rules, between the elements a rule looks at,
 * and while a regular expression reads its input ({@link #guard}). A regular expression cannot be
 * interrupted from outside, so its input throws {@link Expired} once the time is up. Not
 * thread-safe: one per page.
 */
public final class Deadline {

  /** Thrown where a rule notices that the deadline has passed; caught by the rule's runner. */
  static final class Expired extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Expired() {
      super("the extraction budget ran out", null, false, false);
    }
  }

  private final LongSupplier nanoTime;
  private final long end;
  private final long budgetNanos;

  private Deadline(LongSupplier nanoTime, long budgetNanos) {
    this.nanoTime = nanoTime;
    this.budgetNanos = budgetNanos;
    this.end = nanoTime.getAsLong() + budgetNanos;
  }

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /**
   * The CPU time of the calling thread, where the JVM measures it, else the wall clock: a budget of
   * CPU time is spent by the rules alone, not by other threads taking the core or a pause of the
   * JVM, so a page on a busy machine is not stopped for what it did not do.
   */
  public static LongSupplier threadCpuClock() {
    if (THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()) {
      return THREADS::getCurrentThreadCpuTime;
    }
    return System::nanoTime;
  }

  /** A deadline {@code budgetNanos} from now on {@code nanoTime}'s clock. */
  public static Deadline after(long budgetNanos, LongSupplier nanoTime) {
    return new Deadline(nanoTime, budgetNanos);
  }

  /** True once the time is up. */
  public boolean passed() {
    return nanoTime.getAsLong() - end >= 0;
  }

  /** The budget this deadline was given, in milliseconds. */
  long budgetMillis() {
    return budgetNanos / 1_000_000;
  }

  /** Throws {@link Expired} once the time is up. */
  void check() {
    if (passed()) {
      throw new Expired();
    }
  }

  /** {@code text} as a regular expression's input that throws {@link Expired} once time is up. */
  CharSequence guard(CharSequence text) {
    return new Guarded(text, this);
  }

  /** Checks the clock once every {@link #EVERY} characters read. */
  private static final class Guarded implements CharSequence {
    private static final int EVERY = 4096;

    private final CharSequence text;
    private final Deadline deadline;
    private int reads;

    Guarded(CharSequence text, Deadline deadline) {
      this.text = text;
      this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
      if (++reads == EVERY) {
        reads = 0;
        deadline.check();
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return new Guarded(text.subSequence(start, end), deadline);
    }

    @Override
    public String toString() {
      return text.toString();
    }
  }
}
