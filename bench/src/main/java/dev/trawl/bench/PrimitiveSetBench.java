package dev.trawl.bench;

import com.carrotsearch.hppc.LongHashSet;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The producer's deduplication set: HPPC's {@link LongHashSet}, which holds its URL fingerprints,
 * against the hand-written open-addressing table it replaced ({@link HandWritten}, the reference).
 * Each run adds 10,000,000 random fingerprints (SHA-256 prefixes are uniform, so random longs are
 * alike) to a fresh set, then adds them all again (every one a duplicate). Two untimed warm-up
 * rounds, then rounds whose order alternates; medians of 7 (or {@code PrimitiveSetBench N ROUNDS}).
 * Time is the CPU time of the measuring thread, so other work on the machine moves it less. Then
 * the heap each full set keeps, after a GC.
 */
public final class PrimitiveSetBench {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  /** A measured set of longs. */
  private interface Measured {
    /** Adds {@code key}; true when it was not in the set yet. */
    boolean add(long key);
  }

  private static final String[] NAMES = {"HPPC `LongHashSet` 0.10.0", "hand-written table"};

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 10_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
    long[] keys = new SplittableRandom(42).longs(count).toArray();
    double[][] added = new double[NAMES.length][rounds];
    double[][] again = new double[NAMES.length][rounds];
    for (int round = -2; round < rounds; round++) {
      for (int k = 0; k < NAMES.length; k++) {
        int s = Math.floorMod(round, 2) == 0 ? k : NAMES.length - 1 - k;
        double[] rates = run(s, keys);
        if (round >= 0) {
          added[s][round] = rates[0];
          again[s][round] = rates[1];
        }
      }
    }
    BenchReport report =
        new BenchReport(
            String.format(
                Locale.ROOT,
                "Adding %,d random fingerprints to a fresh set, then again; medians of %d"
                    + " interleaved rounds, CPU time of the adding thread",
                count,
                rounds),
            "set",
            "new adds/s (M)",
            "duplicate adds/s (M)",
            "heap kept when full (MiB)");
    for (int s = 0; s < NAMES.length; s++) {
      report.row(
          NAMES[s],
          String.format(Locale.ROOT, "%.1f", BenchReport.median(added[s]) / 1e6),
          String.format(Locale.ROOT, "%.1f", BenchReport.median(again[s]) / 1e6),
          String.format(Locale.ROOT, "%.1f", retainedMib(s, keys)));
    }
    report.row(
        "HPPC / hand-written, median and range of per-round ratios",
        ratios(added[0], added[1]),
        ratios(again[0], again[1]),
        "");
    report.print();
  }

  private static String ratios(double[] rates, double[] references) {
    double[] ratios = new double[rates.length];
    for (int round = 0; round < rates.length; round++) {
      ratios[round] = rates[round] / references[round];
    }
    double[] sorted = ratios.clone();
    Arrays.sort(sorted);
    return String.format(
        Locale.ROOT,
        "%.2f (%.2f - %.2f)",
        BenchReport.median(ratios),
        sorted[0],
        sorted[sorted.length - 1]);
  }

  private static Measured newSet(int s) {
    if (s == 0) {
      LongHashSet set = new LongHashSet();
      return set::add;
    }
    return new HandWritten()::add;
  }

  /**
   * Adds per second of CPU time: every key to a fresh set, then every key again. Each set has a
   * loop of its own, so that its calls are inlined as the producer's are.
   */
  private static double[] run(int s, long[] keys) {
    long[] times = new long[3];
    int[] added = new int[2];
    if (s == 0) {
      LongHashSet set = new LongHashSet();
      times[0] = THREADS.getCurrentThreadCpuTime();
      for (long key : keys) {
        added[0] += set.add(key) ? 1 : 0;
      }
      times[1] = THREADS.getCurrentThreadCpuTime();
      for (long key : keys) {
        added[1] += set.add(key) ? 1 : 0;
      }
      times[2] = THREADS.getCurrentThreadCpuTime();
    } else {
      HandWritten set = new HandWritten();
      times[0] = THREADS.getCurrentThreadCpuTime();
      for (long key : keys) {
        added[0] += set.add(key) ? 1 : 0;
      }
      times[1] = THREADS.getCurrentThreadCpuTime();
      for (long key : keys) {
        added[1] += set.add(key) ? 1 : 0;
      }
      times[2] = THREADS.getCurrentThreadCpuTime();
    }
    if (added[0] != keys.length || added[1] != 0) {
      throw new IllegalStateException(added[0] + " new of " + keys.length + ", " + added[1]);
    }
    return new double[] {
      keys.length * 1e9 / (times[1] - times[0]), keys.length * 1e9 / (times[2] - times[1])
    };
  }

  /** The heap a full set of {@code keys} keeps, from used heap after GC before and after. */
  private static double retainedMib(int s, long[] keys) {
    long before = usedAfterGc();
    Measured set = newSet(s);
    for (long key : keys) {
      set.add(key);
    }
    long after = usedAfterGc();
    if (set.add(keys[0])) {
      throw new IllegalStateException("the set lost a key"); // and the set stays reachable
    }
    return (after - before) / (1024.0 * 1024);
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  /**
   * The producer's set of fingerprints before HPPC: linear probing in a power-of-two table of
   * longs, doubled when three-quarters full, 0 marking a free slot (so a key of 0 is stored as a
   * stand-in).
   */
  private static final class HandWritten {
    private static final long ZERO_STAND_IN = 0x9E3779B97F4A7C15L;
    private long[] slots = new long[1024];
    private int size;

    boolean add(long key) {
      long fingerprint = key == 0 ? ZERO_STAND_IN : key;
      if ((size + 1) * 4L > slots.length * 3L) {
        long[] bigger = new long[slots.length * 2];
        for (long old : slots) {
          if (old != 0) {
            insert(bigger, old);
          }
        }
        slots = bigger;
      }
      if (!insert(slots, fingerprint)) {
        return false;
      }
      size++;
      return true;
    }

    private static boolean insert(long[] table, long fingerprint) {
      int mask = table.length - 1;
      int i = (int) fingerprint & mask;
      while (table[i] != 0) {
        if (table[i] == fingerprint) {
          return false;
        }
        i = (i + 1) & mask;
      }
      table[i] = fingerprint;
      return true;
    }
  }
}
