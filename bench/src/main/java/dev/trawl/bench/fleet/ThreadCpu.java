package dev.trawl.bench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of every thread of a process, JIT compiler and GC threads included, read from Linux's
 * {@code /proc/PID/task/TID/stat}. Sampled repeatedly while the process runs: a thread keeps the
 * last value seen, so threads that ended early still count. Thread names are the kernel's (15
 * characters at most).
 */
final class ThreadCpu {

  private static final double TICKS_PER_SECOND = 100.0;

  private final long pid;

  /** Last CPU seconds seen per thread id, and each thread's name. */
  private final Map<Long, Double> seconds = new HashMap<>();

  private final Map<Long, String> names = new HashMap<>();

  ThreadCpu(long pid) {
    this.pid = pid;
  }

  /** Reads every live thread once; a process that has just exited reads as nothing new. */
  void sample() {
    Path tasks = Path.of("/proc", String.valueOf(pid), "task");
    try (Stream<Path> threads = Files.list(tasks)) {
      threads.forEach(this::read);
    } catch (NoSuchFileException e) {
      // The process has exited: its last sample stands.
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + tasks, e);
    }
  }

  private void read(Path task) {
    try {
      String stat = Files.readString(task.resolve("stat"));
      int open = stat.indexOf('(');
      int close = stat.lastIndexOf(')');
      String name = stat.substring(open + 1, close);
      String[] fields = stat.substring(close + 2).split(" ");
      // After the name: state(0) ... utime(11) stime(12), in clock ticks.
      double cpu = (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
      long tid = Long.parseLong(task.getFileName().toString());
      seconds.put(tid, cpu);
      names.put(tid, name);
    } catch (IOException | RuntimeException e) {
      // The thread ended between listing and reading: its last sample stands.
    }
  }

  /** CPU seconds per thread name (threads of one name added up). */
  Map<String, Double> byName() {
    Map<String, Double> total = new HashMap<>();
    seconds.forEach((tid, cpu) -> total.merge(names.get(tid), cpu, Double::sum));
    return total;
  }

  /** CPU seconds of every thread together. */
  double total() {
    return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
  }
}
