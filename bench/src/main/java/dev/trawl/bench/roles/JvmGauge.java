package dev.trawl.bench.roles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Memory of a running JVM read from outside, as an operator would: resident set size from Linux's
 * /proc, heap occupancy from {@code jstat -gc}, and the live heap: occupancy right after a full
 * collection asked for with {@code jcmd PID GC.run}.
 */
public final class JvmGauge {

  private static final Path JAVA_BIN = Path.of(System.getProperty("java.home"), "bin");

  private JvmGauge() {}

  /** Resident set size (VmRSS) in KiB, or -1 once the process has exited. */
  public static long rssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // Exited.
    }
    return -1;
  }

  /** Heap in use (survivors, eden and old generation) in KiB per {@code jstat -gc}; -1 if none. */
  public static long heapUsedKib(long pid) throws InterruptedException {
    Map<String, Double> gc = jstat(pid);
    if (gc.isEmpty()) {
      return -1;
    }
    return Math.round(gc.get("S0U") + gc.get("S1U") + gc.get("EU") + gc.get("OU"));
  }

  /** Asks for a full collection, then reads the heap in use: the live heap, in KiB; -1 if none. */
  public static long liveHeapKib(long pid) throws InterruptedException {
    if (run(List.of(JAVA_BIN.resolve("jcmd").toString(), String.valueOf(pid), "GC.run")) == null) {
      return -1;
    }
    return heapUsedKib(pid);
  }

  /** The columns of {@code jstat -gc PID} by name; empty when it fails. */
  private static Map<String, Double> jstat(long pid) throws InterruptedException {
    String out = run(List.of(JAVA_BIN.resolve("jstat").toString(), "-gc", String.valueOf(pid)));
    Map<String, Double> columns = new HashMap<>();
    if (out == null) {
      return columns;
    }
    String[] lines = out.strip().split("\n");
    if (lines.length < 2) {
      return columns;
    }
    String[] names = lines[0].trim().split("\\s+");
    String[] values = lines[1].trim().split("\\s+");
    for (int i = 0; i < Math.min(names.length, values.length); i++) {
      try {
        columns.put(names[i], Double.parseDouble(values[i]));
      } catch (NumberFormatException e) {
        // A column without a value ("-"): not one we read.
      }
    }
    return columns.keySet().containsAll(List.of("S0U", "S1U", "EU", "OU")) ? columns : Map.of();
  }

  /** The standard output of a command that exited 0 within 30 s, or null. */
  private static String run(List<String> command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        return null;
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    }
  }
}
