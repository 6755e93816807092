package dev.trawl.bench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures of a live process from Linux's /proc. */
public final class Proc {

  private static final double CLOCK_TICKS = 100.0;

  private Proc() {}

  /** Peak resident set size (VmHWM) in KiB, or 0 once the process has exited. */
  public static long peakRssKib(long pid) {
    return statusKib(pid, "VmHWM:", 0);
  }

  /** Resident set size (VmRSS) in KiB, or -1 once the process has exited. */
  public static long rssKib(long pid) {
    return statusKib(pid, "VmRSS:", -1);
  }

  /** A field of /proc/PID/status in KiB, or {@code exited} once the process has exited. */
  private static long statusKib(long pid, String field, long exited) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith(field)) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // Exited.
    }
    return exited;
  }

  /** utime + stime of a process in seconds, from /proc/PID/stat, or 0 once it has exited. */
  public static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / CLOCK_TICKS;
    } catch (IOException e) {
      return 0;
    }
  }

  /** CPU seconds all processes spent outside idle and iowait since boot, from /proc/stat. */
  public static double machineBusySeconds() throws IOException {
    String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
    long busy = 0;
    for (int i = 1; i < fields.length && i <= 8; i++) {
      if (i != 4 && i != 5) { // idle, iowait
        busy += Long.parseLong(fields[i]);
      }
    }
    return busy / CLOCK_TICKS;
  }
}
