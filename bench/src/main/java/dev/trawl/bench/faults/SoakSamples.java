package dev.trawl.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The samples of a soak, per JVM: its RSS every few seconds (with the fetch workers' outcomes so
 * far) and its live heap (after a full collection) more rarely, each at minutes since the start.
 * Writes them as CSV, draws them, and judges whether live heap and RSS are flat over the last half.
 * Thread-safe: the two kinds of samples are taken by two threads.
 */
final class SoakSamples {

  private static final double MIB = 1024;

  private final Map<String, List<double[]>> rss = new LinkedHashMap<>();
  private final Map<String, List<double[]>> live = new LinkedHashMap<>();
  private final List<double[]> outcomes = new ArrayList<>();

  SoakSamples(List<String> roles) {
    roles.forEach(
        r -> {
          rss.put(r, new ArrayList<>());
          live.put(r, new ArrayList<>());
        });
  }

  /** The RSS of {@code role} in KiB; ignored when negative (it had exited). */
  synchronized void rss(String role, double minutes, long kib) {
    if (kib >= 0) {
      rss.get(role).add(new double[] {minutes, kib / MIB});
    }
  }

  /** The live heap of {@code role} in KiB; ignored when negative (not read). */
  synchronized void live(String role, double minutes, long kib) {
    if (kib >= 0) {
      live.get(role).add(new double[] {minutes, kib / MIB});
    }
  }

  /** The outcomes of all fetch workers so far. */
  synchronized void outcomes(double minutes, double total) {
    outcomes.add(new double[] {minutes, total});
  }

  synchronized void writeCsv(Path csv) throws IOException {
    StringBuilder out = new StringBuilder("minutes,series,value\n");
    rss.forEach((role, points) -> append(out, role + " rss_mib", points));
    live.forEach((role, points) -> append(out, role + " live_heap_mib", points));
    append(out, "outcomes", outcomes);
    Files.writeString(csv, out);
  }

  private static void append(StringBuilder out, String series, List<double[]> points) {
    for (double[] p : points) {
      out.append(String.format(Locale.ROOT, "%.3f,%s,%.1f%n", p[0], series, p[1]));
    }
  }

  synchronized void chart(Path png) throws IOException {
    LineChart.write(
        "Soak at full rate: " + summary(),
        List.of(
            new LineChart.Panel("Live heap: old generation right after a full GC (MiB)", live),
            new LineChart.Panel("Resident set size (MiB)", rss),
            new LineChart.Panel(
                "Outcomes per second (all fetch workers)", Map.of("outcomes/s", rate()))),
        png);
  }

  /** Minutes, outcomes and the rate over the run. */
  synchronized String summary() {
    if (outcomes.size() < 2) {
      return "no samples";
    }
    double[] first = outcomes.get(0);
    double[] last = outcomes.get(outcomes.size() - 1);
    return String.format(
        Locale.ROOT,
        "%.1f min, %,.0f outcomes, %.0f/s",
        last[0] - first[0],
        last[1] - first[1],
        (last[1] - first[1]) / ((last[0] - first[0]) * 60));
  }

  /** Per JVM: live heap and RSS flat over the last half. */
  synchronized List<Check> flatness() {
    List<Check> checks = new ArrayList<>();
    for (String role : rss.keySet()) {
      checks.add(flat(role + " live heap", live.get(role), 16));
      checks.add(flat(role + " RSS", rss.get(role), 32));
    }
    return checks;
  }

  private static Check flat(String what, List<double[]> points, double floorMib) {
    if (points.size() < 4) {
      return new Check(what + " flat", false, "too few samples: " + points.size());
    }
    double end = points.get(points.size() - 1)[0];
    List<double[]> first = points.stream().filter(p -> p[0] < end / 2).toList();
    List<double[]> last = points.stream().filter(p -> p[0] >= end / 2).toList();
    double lastMean = mean(last);
    double growth = slope(last) * (end / 2);
    boolean flat = growth < Math.max(0.05 * lastMean, floorMib);
    return new Check(
        what + " flat over the last half",
        flat,
        String.format(
            Locale.ROOT,
            "first half mean %.0f MiB, slope %+.1f MiB/min; last half mean %.0f MiB, slope %+.1f"
                + " MiB/min (%+.0f MiB over it)",
            mean(first),
            slope(first),
            lastMean,
            slope(last),
            growth));
  }

  private List<double[]> rate() {
    List<double[]> rate = new ArrayList<>();
    for (int i = 1; i < outcomes.size(); i++) {
      double[] a = outcomes.get(i - 1);
      double[] b = outcomes.get(i);
      double seconds = (b[0] - a[0]) * 60;
      if (seconds > 0) {
        rate.add(new double[] {b[0], Math.max(0, b[1] - a[1]) / seconds});
      }
    }
    return rate;
  }

  private static double mean(List<double[]> points) {
    return points.stream().mapToDouble(p -> p[1]).average().orElse(Double.NaN);
  }

  /** Least-squares slope of y over x. */
  private static double slope(List<double[]> points) {
    double mx = points.stream().mapToDouble(p -> p[0]).average().orElse(0);
    double my = mean(points);
    double num = 0;
    double den = 0;
    for (double[] p : points) {
      num += (p[0] - mx) * (p[1] - my);
      den += (p[0] - mx) * (p[0] - mx);
    }
    return den == 0 ? 0 : num / den;
  }
}
