package dev.trawl.bench.roles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The live heap of a running JVM read from outside, as an operator would: the old generation right
 * after a full collection asked for with {@code jcmd PID GC.run}, read with {@code jstat -gc}. Its
 * resident set size is {@link dev.trawl.bench.fleet.Proc#rssKib}.
 */
public final class JvmGauge {

  private static final Path JAVA_BIN = Path.of(System.getProperty("java.home"), "bin");

  private JvmGauge() {}

  /**
   * The live heap in KiB: the old generation in use right after a full collection asked for with
   * {@code jcmd PID GC.run} (a full collection leaves every live object there; what is in the young
   * generation by the time jstat reads is allocated since). -1 if either command fails.
   */
  public static long liveHeapKib(long pid) throws InterruptedException {
    if (run(List.of(JAVA_BIN.resolve("jcmd").toString(), String.valueOf(pid), "GC.run")) == null) {
      return -1;
    }
    Map<String, Double> gc = jstat(pid);
    return gc.isEmpty() ? -1 : Math.round(gc.get("OU"));
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
    return columns.containsKey("OU") ? columns : Map.of();
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
