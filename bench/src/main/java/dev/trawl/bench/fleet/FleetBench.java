package dev.trawl.bench.fleet;

import dev.trawl.bench.BenchReport;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The whole fleet as a user runs it: {@code ./trawl run --urls LIST --out OUT --max-in-flight 256
 * --allow-private-network} against {@code ./trawl site} (10 hosts, ~38 KB pages, 50 ms latency) in
 * a JVM of its own, for lists of 20,000 and 100,000 URLs. Measures the whole command, as the issue
 * does from its start to the last line it writes (broker start-up and warm-up included), and to its
 * exit (the fleet's shutdown too): pages/s, CPU of the Trawl process per page (every thread, JIT
 * and GC included, from /proc, to exit) split by stage, and peak RSS, against the targets;
 * and the site's CPU per page, which shares the two cores with the crawl. The site serves 20,000
 * pages before the first round ({@code -Dbench.siteWarmUp=N}; 0 for a cold site), so that no round
 * pays for its JIT. Checks that every listed URL has exactly one line in the output.
 *
 * <p>Usage: {@code bench/run fleet.FleetBench [ROUNDS [LIST-SIZE ...]]} (defaults: 3 rounds of
 * 20000 and 100000, interleaved). After the measured rounds, one more run of each list records a
 * JFR profile (settings=profile) beside the figures, in {@code -Dbench.out=DIR} (default a temp
 * folder); its stream threads' samples split their CPU into parsing and the rest ({@code
 * -Dbench.noJfr=true} skips it). {@code TRAWL_JAVA_OPTS} in this process's environment is passed on
 * to the measured command only (JVM flags to compare; the site keeps the launcher's), {@code
 * -Dbench.runArgs="--threads=2 ..."} adds options to it.
 */
public final class FleetBench {

  private static final Path REPO = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath();
  private static final int HOSTS = 10;
  private static final String IN_FLIGHT = System.getProperty("bench.inFlight", "256");
  private static final int SITE_WARM_UP_PAGES = Integer.getInteger("bench.siteWarmUp", 20_000);

  /** The targets, by list size: pages/s at least, CPU ms per page at most, RSS at most. */
  private static final Map<Integer, double[]> TARGETS =
      Map.of(
          20_000,
          new double[] {1_000, Double.NaN, Double.NaN},
          100_000,
          new double[] {1_800, 1.0, 1536});

  /**
   * One run of the command: {@code seconds} from start to its last line of output (what the issue
   * measures), {@code exitSeconds} to the end of the process (the fleet's shutdown after it).
   */
  record Run(
      double seconds,
      double exitSeconds,
      int outcomes,
      double cpuSeconds,
      long peakRssMib,
      Map<Stage, Double> stages,
      Warmup warmup) {
    double pagesPerSecond() {
      return outcomes / seconds;
    }

    double cpuMsPerPage() {
      return cpuSeconds * 1000 / outcomes;
    }
  }

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    List<Integer> sizes = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      sizes.add(Integer.parseInt(args[i]));
    }
    if (sizes.isEmpty()) {
      sizes = List.of(20_000, 100_000);
    }
    int largest = sizes.stream().max(Integer::compare).orElseThrow();
    Path out =
        System.getProperty("bench.out") != null
            ? Files.createDirectories(Path.of(System.getProperty("bench.out")))
            : Files.createTempDirectory("fleet-bench");
    Path all = out.resolve("urls-" + largest + ".txt");
    try (SiteProcess site = SiteProcess.start(REPO, HOSTS, (largest + HOSTS - 1) / HOSTS, all)) {
      site.warmUp(all, SITE_WARM_UP_PAGES);
      Map<Integer, Path> lists = new LinkedHashMap<>();
      for (int size : sizes) {
        lists.put(size, firstLines(all, size, out.resolve("urls-" + size + ".txt")));
      }
      Map<Integer, List<Run>> runs = new LinkedHashMap<>();
      for (int round = 0; round < rounds; round++) {
        for (int size : sizes) {
          double siteCpu = site.cpuSeconds();
          Run run = run(lists.get(size), out, null);
          double siteMsPerPage = (site.cpuSeconds() - siteCpu) * 1000 / run.outcomes();
          System.err.printf(
              Locale.ROOT,
              "round %d, %,d URLs: %.1f s to the last line (exit %.1f s), %.0f pages/s,"
                  + " %.2f CPU ms/page, %d MiB; first outcome by %.0f s, %.0f pages/s from 10%%"
                  + " to 90%% of the outcomes (or to the end); the site %.2f CPU ms/page%n",
              round,
              size,
              run.seconds(),
              run.exitSeconds(),
              run.pagesPerSecond(),
              run.cpuMsPerPage(),
              run.peakRssMib(),
              run.warmup().firstOutcomeSeconds(),
              run.warmup().middleRate(),
              siteMsPerPage);
          runs.computeIfAbsent(size, s -> new ArrayList<>()).add(run);
        }
      }
      Map<Integer, Double> parseShares = new LinkedHashMap<>();
      for (int size : Boolean.getBoolean("bench.noJfr") ? List.<Integer>of() : sizes) {
        Path jfr = out.resolve("fleet-" + size + ".jfr");
        run(lists.get(size), out, jfr);
        parseShares.put(size, ParseShare.of(jfr));
      }
      print(runs, parseShares, out);
    }
    System.exit(0);
  }

  /** Runs the command once over {@code list}; records a JFR profile into {@code jfr} if given. */
  private static Run run(Path list, Path dir, Path jfr) throws Exception {
    Path outcomes = dir.resolve("out.jsonl");
    List<String> command =
        new ArrayList<>(
            List.of(
                REPO.resolve("trawl").toString(),
                "run",
                "--urls",
                list.toString(),
                "--out",
                outcomes.toString(),
                "--max-in-flight",
                IN_FLIGHT,
                "--allow-private-network"));
    String runArgs = System.getProperty("bench.runArgs", "").trim();
    if (!runArgs.isEmpty()) {
      command.addAll(List.of(runArgs.split("\\s+")));
    }
    ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile());
    String javaOpts = System.getenv().getOrDefault("TRAWL_JAVA_OPTS", "");
    if (jfr != null) {
      javaOpts += " -XX:StartFlightRecording=filename=" + jfr + ",settings=profile";
    }
    builder.environment().put("TRAWL_JAVA_OPTS", javaOpts.trim());
    builder.redirectErrorStream(true);
    long start = System.nanoTime();
    Process process = builder.start();
    OutputLog log = OutputLog.follow(process, dir.resolve("run.log"));
    ThreadCpu cpu = new ThreadCpu(process.pid());
    long peakKib = 0;
    while (!process.waitFor(250, TimeUnit.MILLISECONDS)) {
      cpu.sample();
      peakKib = Math.max(peakKib, Proc.peakRssKib(process.pid()));
    }
    double exitSeconds = (System.nanoTime() - start) / 1e9;
    double seconds = (log.awaitLastLineNanos() - start) / 1e9;
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "trawl run exited with " + process.exitValue() + "; see " + dir.resolve("run.log"));
    }
    int lines = checkOneLinePerUrl(list, outcomes);
    Map<Stage, Double> stages = new EnumMap<>(Stage.class);
    cpu.byName().forEach((name, s) -> stages.merge(Stage.of(name), s, Double::sum));
    if (Boolean.getBoolean("bench.threads")) {
      printThreads(cpu);
    }
    return new Run(
        seconds,
        exitSeconds,
        lines,
        cpu.total(),
        peakKib / 1024,
        stages,
        Warmup.of(dir.resolve("run.log")));
  }

  /** The 40 threads that took the most CPU, with their stage (-Dbench.threads=true). */
  private static void printThreads(ThreadCpu cpu) {
    cpu.byName().entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .limit(40)
        .forEach(
            e ->
                System.err.printf(
                    Locale.ROOT,
                    "  %-16s %-8s %.2f s%n",
                    e.getKey(),
                    Stage.of(e.getKey()),
                    e.getValue()));
  }

  /** The number of outcome lines, after checking that each listed URL has exactly one. */
  private static int checkOneLinePerUrl(Path list, Path outcomes) throws IOException {
    Set<String> listed = new HashSet<>(Files.readAllLines(list));
    Set<String> seen = new HashSet<>();
    int lines = 0;
    try (BufferedReader reader = Files.newBufferedReader(outcomes, StandardCharsets.UTF_8)) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines++;
        int start = line.indexOf("\"url\":\"") + 7;
        String url = line.substring(start, line.indexOf('"', start));
        if (!seen.add(url)) {
          throw new IllegalStateException("two outcome lines for " + url);
        }
      }
    }
    if (!seen.equals(listed)) {
      throw new IllegalStateException(
          "outcomes for " + seen.size() + " URLs of " + listed.size() + " listed");
    }
    return lines;
  }

  private static Path firstLines(Path from, int count, Path to) throws IOException {
    List<String> lines = Files.readAllLines(from).subList(0, count);
    return Files.write(to, lines);
  }

  private static void print(Map<Integer, List<Run>> runs, Map<Integer, Double> shares, Path out) {
    BenchReport whole =
        new BenchReport(
            "Whole command: ./trawl run, "
                + IN_FLIGHT
                + " in flight, 10 hosts, ~38 KB pages, 50 ms"
                + " (medians of "
                + runs.values().iterator().next().size()
                + " runs)",
            "URLs",
            "s to last line",
            "s to exit",
            "pages/s",
            "target",
            "ratio",
            "CPU ms/page",
            "target",
            "peak RSS MiB",
            "target");
    runs.forEach(
        (size, list) -> {
          double[] target =
              TARGETS.getOrDefault(size, new double[] {Double.NaN, Double.NaN, Double.NaN});
          double pagesPerSecond = median(list, Run::pagesPerSecond);
          whole.row(
              String.format(Locale.ROOT, "%,d", size),
              String.format(Locale.ROOT, "%.1f", median(list, Run::seconds)),
              String.format(Locale.ROOT, "%.1f", median(list, Run::exitSeconds)),
              String.format(Locale.ROOT, "%,.0f", pagesPerSecond),
              atLeast(target[0]),
              Double.isNaN(target[0])
                  ? "-"
                  : String.format(Locale.ROOT, "%.2f", pagesPerSecond / target[0]),
              String.format(Locale.ROOT, "%.2f", median(list, Run::cpuMsPerPage)),
              atMost(target[1]),
              String.format(Locale.ROOT, "%.0f", median(list, r -> r.peakRssMib())),
              atMost(target[2]));
        });
    whole.print();
    printStages(runs, shares);
    System.out.printf("%nProfiles (JFR, one extra run of each list) and logs: %s%n", out);
  }

  private static void printStages(Map<Integer, List<Run>> runs, Map<Integer, Double> shares) {
    runs.forEach(
        (size, list) -> {
          BenchReport stages =
              new BenchReport(
                  String.format(Locale.ROOT, "CPU per page by stage, %,d URLs (medians)", size),
                  "stage",
                  "CPU ms/page",
                  "share");
          double total = median(list, Run::cpuMsPerPage);
          double share = shares.getOrDefault(size, Double.NaN);
          for (Stage stage : Stage.values()) {
            double ms =
                median(list, r -> r.stages().getOrDefault(stage, 0.0) * 1000 / r.outcomes());
            if (stage == Stage.STREAMS && !Double.isNaN(share)) {
              stages.row(
                  "parse and extract (stream threads, JFR share)",
                  ms(ms * share),
                  pct(ms * share / total));
              stages.row(
                  "aggregate, stores, serdes, Streams (stream threads)",
                  ms(ms * (1 - share)),
                  pct(ms * (1 - share) / total));
            } else {
              stages.row(stage.label(), ms(ms), pct(ms / total));
            }
          }
          stages.print();
        });
  }

  private interface Figure {
    double of(Run run);
  }

  private static double median(List<Run> runs, Figure figure) {
    return BenchReport.median(runs.stream().mapToDouble(figure::of).toArray());
  }

  private static String ms(double value) {
    return String.format(Locale.ROOT, "%.3f", value);
  }

  private static String pct(double value) {
    return String.format(Locale.ROOT, "%.0f%%", 100 * value);
  }

  private static String atLeast(double target) {
    return Double.isNaN(target) ? "-" : String.format(Locale.ROOT, ">= %,.0f", target);
  }

  private static String atMost(double target) {
    return Double.isNaN(target)
        ? "-"
        : String.format(
            Locale.ROOT,
            "<= %s",
            target % 1 == 0 ? String.format(Locale.ROOT, "%,.0f", target) : target);
  }
}
