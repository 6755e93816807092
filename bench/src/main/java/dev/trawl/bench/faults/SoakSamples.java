package dev.trawl.bench.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The samples of a soak, per JVM: minutes since the start, RSS, heap in use, live heap (after a
 * full collection; -1 when not read in that sample) and the fetch workers' outcomes so far. Writes
 * them as CSV, draws them, and judges whether live heap and RSS are flat over the last half.
 */
final class SoakSamples {

  /** One sample of one JVM; sizes in KiB. */
  record Sample(double minutes, long rssKib, long heapKib, long liveKib, double outcomes) {}

  private static final double MIB = 1024;

  private final Map<String, List<Sample>> byRole = new LinkedHashMap<>();

  SoakSamples(List<String> roles) {
    roles.forEach(r -> byRole.put(r, new ArrayList<>()));
  }

  void add(String role, double minutes, long rss, long heap, long live, double outcomes) {
    byRole.get(role).add(new Sample(minutes, rss, heap, live, outcomes));
  }

  void writeCsv(Path csv) throws IOException {
    StringBuilder out =
        new StringBuilder("minutes,jvm,rss_kib,heap_used_kib,live_heap_kib,outcomes\n");
    byRole.forEach(
        (role, samples) ->
            samples.forEach(
                s ->
                    out.append(
                        String.format(
                            Locale.ROOT,
                            "%.3f,%s,%d,%d,%s,%.0f%n",
                            s.minutes(),
                            role,
                            s.rssKib(),
                            s.heapKib(),
                            s.liveKib() < 0 ? "" : Long.toString(s.liveKib()),
                            s.outcomes()))));
    Files.writeString(csv, out);
  }

  void chart(Path png) throws IOException {
    Map<String, List<double[]>> live = new LinkedHashMap<>();
    Map<String, List<double[]>> rss = new LinkedHashMap<>();
    byRole.forEach(
        (role, samples) -> {
          live.put(role, points(samples, s -> s.liveKib() / MIB, true));
          rss.put(role, points(samples, s -> s.rssKib() / MIB, false));
        });
    LineChart.write(
        "Soak at full rate: " + summary(),
        List.of(
            new LineChart.Panel("Live heap: in use right after a full GC (MiB)", live),
            new LineChart.Panel("Resident set size (MiB)", rss),
            new LineChart.Panel(
                "Outcomes per second (all fetch workers)", Map.of("outcomes/s", rate()))),
        png);
  }

  /** Minutes, outcomes and the rate over the run. */
  String summary() {
    List<Sample> any = byRole.values().iterator().next();
    if (any.isEmpty()) {
      return "no samples";
    }
    Sample last = any.get(any.size() - 1);
    return String.format(
        Locale.ROOT,
        "%.1f min, %,.0f outcomes, %.0f/s",
        last.minutes(),
        last.outcomes(),
        last.outcomes() / (last.minutes() * 60));
  }

  /** Per JVM: live heap and RSS flat over the last half. */
  List<Check> flatness() {
    List<Check> checks = new ArrayList<>();
    byRole.forEach(
        (role, samples) -> {
          checks.add(flat(role + " live heap", points(samples, s -> s.liveKib() / MIB, true), 16));
          checks.add(flat(role + " RSS", points(samples, s -> s.rssKib() / MIB, false), 32));
        });
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

  private static List<double[]> points(
      List<Sample> samples, ToDoubleFunction<Sample> value, boolean liveOnly) {
    return samples.stream()
        .filter(s -> liveOnly ? s.liveKib() >= 0 : s.rssKib() >= 0)
        .map(s -> new double[] {s.minutes(), value.applyAsDouble(s)})
        .toList();
  }

  private List<double[]> rate() {
    List<Sample> samples = byRole.values().iterator().next();
    List<double[]> rate = new ArrayList<>();
    for (int i = 1; i < samples.size(); i++) {
      Sample a = samples.get(i - 1);
      Sample b = samples.get(i);
      double seconds = (b.minutes() - a.minutes()) * 60;
      if (seconds > 0) {
        rate.add(new double[] {b.minutes(), Math.max(0, b.outcomes() - a.outcomes()) / seconds});
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
