package dev.trawl.bench;

import dev.trawl.bench.ParseLoops.Rate;
import dev.trawl.embedded.EmbeddedKafka;
import dev.trawl.process.ProcessSettings;
import dev.trawl.process.ProcessWorker;
import dev.trawl.runtime.AdminSettings;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.Topics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Pages/s of the process worker (the whole topology, exactly-once, on an in-process broker in this
 * JVM) with one stream thread and with one per core, each against a raw jsoup loop with the same
 * number of threads over the same pages in the same round (parse, title, description, lang,
 * canonical, word count, absolute links). The corpus: {@code PAGES} pages of about 38 KB from 48
 * hosts, as many in each partition ({@link PageCorpus}), fetched once from a DemoSite without
 * latency and held in memory; 30,000 pages unless given.
 *
 * <p>Method: the raw loop, the parser and the worker (at each thread count) run first as a warm-up
 * (JIT); then {@code ROUNDS} (default 3) rounds, each measuring raw loop 1 thread, raw loop N
 * threads, worker 1 thread and worker N threads in an order that rotates from round to round, so
 * that load drift and ordering hit every figure alike. Figures are medians over rounds; ratios are
 * medians of the per-round ratios (paired measurements). The worker figure is its steady-state
 * rate: documents committed between 10% and 90% of the corpus, per second.
 *
 * <p>{@code ProcessBench rules [PAGES] [ROUNDS]} measures instead what a crawl's extraction rules
 * cost per page ({@link ExtractionCost}).
 */
public final class ProcessBench {

  private static final int PARTITIONS = 6;

  /**
   * Pages of the corpus when none are given. A worker's steady state needs this many: with 2,000
   * pages a run ends while the topology still warms up, and 2 threads measured 0.66-1.02x of one.
   */
  private static final int DEFAULT_PAGES = 30_000;

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("rules")) {
      int pages = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
      int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
      ExtractionCost.run(pages, rounds, PARTITIONS, load());
      System.exit(0);
    }
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_PAGES;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int cores = Runtime.getRuntime().availableProcessors();
    String loadBefore = load();
    List<FetchResult> corpus = PageCorpus.fetch(pages, PARTITIONS);
    long bytes = corpus.stream().mapToLong(r -> r.getBody().remaining()).sum();
    System.err.printf("corpus: %d pages, %d bytes on average%n", pages, bytes / pages);

    for (int i = 0; i < 3; i++) { // warm-up, not measured
      ParseLoops.rawLoop(corpus, 1);
      ParseLoops.rawLoop(corpus, cores);
      ParseLoops.parserLoop(corpus);
    }
    Rounds measured = measure(corpus, rounds, cores);
    String title =
        String.format(
            "Process worker vs raw jsoup loop: %d pages of ~%d KB, %d cores, broker in the same"
                + " JVM, %d interleaved rounds (load average %s before, %s after)",
            pages, bytes / pages / 1000, cores, rounds, loadBefore, load());
    print(title, measured, cores);
    System.exit(0);
  }

  /** Every figure of every round: the same pages through each path, in rotating order. */
  private record Rounds(Rate[] parser1, Rate[] raw1, Rate[] rawN, Rate[] worker1, Rate[] workerN) {
    Rounds(int rounds) {
      this(
          new Rate[rounds], new Rate[rounds], new Rate[rounds], new Rate[rounds], new Rate[rounds]);
    }
  }

  private static Rounds measure(List<FetchResult> corpus, int rounds, int cores) throws Exception {
    int pages = corpus.size();
    Rounds r = new Rounds(rounds);
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers(), KAFKA_PROPERTIES);
      try (Admin admin = Admin.create(settings.admin())) {
        TopicSetup.ensureTopics(admin, PARTITIONS, (short) 1, 2 * 1024 * 1024);
      }
      PageCorpus.load(settings, corpus);
      // Warm-up, not measured: one run at each thread count, or the first round still compiles.
      worker(settings, pages, 1, "warm-up-1");
      worker(settings, pages, cores, "warm-up-n");
      for (int round = 0; round < rounds; round++) {
        r.parser1()[round] = ParseLoops.parserLoop(corpus);
        for (int step = 0; step < 4; step++) {
          switch ((step + round) % 4) {
            case 0 -> r.raw1()[round] = ParseLoops.rawLoop(corpus, 1);
            case 1 -> r.rawN()[round] = ParseLoops.rawLoop(corpus, cores);
            case 2 -> r.worker1()[round] = worker(settings, pages, 1, "r" + round + "t1");
            default -> r.workerN()[round] = worker(settings, pages, cores, "r" + round + "tn");
          }
        }
        System.err.printf(
            "round %d (load %s): parser %.0f/s, raw 1 thread %.0f/s, raw %d threads %.0f/s,"
                + " worker 1 thread %.0f/s, worker %d threads %.0f/s%n",
            round,
            load(),
            r.parser1()[round].perSecond(),
            r.raw1()[round].perSecond(),
            cores,
            r.rawN()[round].perSecond(),
            r.worker1()[round].perSecond(),
            cores,
            r.workerN()[round].perSecond());
      }
    }
    return r;
  }

  private static void print(String title, Rounds r, int cores) {
    String n = cores + " threads";
    BenchReport report =
        new BenchReport(
            title,
            "figure",
            "pages/s",
            "reference (same pages, same round)",
            "ref pages/s",
            "ratio",
            "target",
            "met");
    String sanity = "sanity: <= " + cores + "x";
    row(report, "raw loop, " + n, r.rawN(), "raw loop, 1 thread", r.raw1(), sanity, 0);
    row(report, "PageParser alone, 1 thread", r.parser1(), "raw loop, 1 thread", r.raw1(), "-", 0);
    row(report, "worker, 1 thread", r.worker1(), "raw loop, 1 thread", r.raw1(), ">= 80%", 0.8);
    row(report, "worker, " + n, r.workerN(), "raw loop, " + n, r.rawN(), ">= 80%", 0.8);
    row(report, "worker, " + n, r.workerN(), "worker, 1 thread", r.worker1(), ">= 1.7x", 1.7);
    row(report, "worker, 1 thread", r.worker1(), "PageParser alone, 1 thread", r.parser1(), "-", 0);
    BenchReport cpu =
        new BenchReport(
            "CPU time of the whole JVM (broker included) per page, in the same runs",
            "figure",
            "CPU ms/page",
            "reference",
            "ref CPU ms/page",
            "reference / figure");
    cpuRow(cpu, "worker, 1 thread", r.worker1(), "raw loop, 1 thread", r.raw1());
    cpuRow(cpu, "worker, " + n, r.workerN(), "raw loop, " + n, r.rawN());
    cpuRow(cpu, "PageParser alone, 1 thread", r.parser1(), "raw loop, 1 thread", r.raw1());
    report.print();
    System.out.printf(
        "%nPer thread: the worker with N stream threads against the raw loop with N threads."
            + " Figures are medians over rounds, ratios medians of the per-round ratios.%n");
    cpu.print();
    System.out.printf(
        "%nCPU time is less sensitive to other load on the machine than pages/s: a ratio near"
            + " the pages/s target here predicts the quiet figure.%n");
  }

  /** CPU nanoseconds so far per kind of thread: stream, broker, Kafka client I/O, bench. */
  private static Map<String, Long> threadCpu() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> cpu = new java.util.TreeMap<>();
    for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
      long nanos = info == null ? -1 : mx.getThreadCpuTime(info.getThreadId());
      if (nanos > 0) {
        String name = info.getThreadName();
        String kind =
            name.contains("StreamThread")
                ? "stream"
                : name.startsWith("kafka-producer") || name.contains("heartbeat")
                    ? "client-io"
                    : name.equals("main") ? "bench" : "broker+other";
        cpu.merge(kind, nanos, Long::sum);
      }
    }
    return cpu;
  }

  /** Prints the CPU ms per page of each kind of thread; the rest is GC, JIT and the VM. */
  private static void printCpuBreakdown(
      String name, long pages, long process, Map<String, Long> before, Map<String, Long> after) {
    StringBuilder line = new StringBuilder("worker " + name + " CPU ms/page:");
    long threads = 0;
    for (Map.Entry<String, Long> kind : after.entrySet()) {
      long nanos = kind.getValue() - before.getOrDefault(kind.getKey(), 0L);
      threads += nanos;
      line.append(String.format(" %s %.3f,", kind.getKey(), nanos / 1e6 / pages));
    }
    line.append(String.format(" gc+jit+vm %.3f", (process - threads) / 1e6 / pages));
    System.err.println(line);
  }

  /** Adds a row: medians of both rates and the median of their per-round ratios. */
  private static void row(
      BenchReport report,
      String figure,
      Rate[] values,
      String reference,
      Rate[] references,
      String target,
      double minimum) {
    double[] ratios = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      ratios[i] = values[i].perSecond() / references[i].perSecond();
    }
    double ratio = BenchReport.median(ratios);
    boolean percent = target.endsWith("%") || target.equals("-");
    report.row(
        figure,
        f(median(values, Rate::perSecond)),
        reference,
        f(median(references, Rate::perSecond)),
        percent ? pct(ratio) : x(ratio),
        target,
        minimum == 0 ? "-" : ratio >= minimum ? "yes" : "no");
  }

  /** Adds a row of CPU ms per page: reference over figure, the median of per-round ratios. */
  private static void cpuRow(
      BenchReport report, String figure, Rate[] values, String reference, Rate[] references) {
    double[] ratios = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      ratios[i] = references[i].cpuMsPerPage() / values[i].cpuMsPerPage();
    }
    report.row(
        figure,
        String.format("%.3f", median(values, Rate::cpuMsPerPage)),
        reference,
        String.format("%.3f", median(references, Rate::cpuMsPerPage)),
        pct(BenchReport.median(ratios)));
  }

  private static double median(Rate[] rates, java.util.function.ToDoubleFunction<Rate> field) {
    return BenchReport.median(java.util.Arrays.stream(rates).mapToDouble(field).toArray());
  }

  /** The 1, 5 and 15 minute load averages of this machine, as {@code uptime} prints them. */
  static String load() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /**
   * Runs a fresh worker application over the pre-loaded pages and returns its steady-state rate:
   * documents committed between 10% and 90% of the corpus, per second.
   */
  static Rate worker(KafkaSettings settings, int pages, int threads, String name) throws Exception {
    ProcessSettings process =
        ProcessSettings.defaults()
            .with(ProcessSettings.APPLICATION_ID, "bench-" + name)
            .with(ProcessSettings.THREADS, threads)
            .with(ProcessSettings.STATE_DIR, Files.createTempDirectory("process-bench"))
            .with(ProcessSettings.COMMIT_INTERVAL, COMMIT_INTERVAL);
    try (KafkaConsumer<String, byte[]> documents =
        new KafkaConsumer<>(
            settings.consumer("bench-reader-" + name),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      var partitions =
          documents.partitionsFor(Topics.DOCUMENTS.name()).stream()
              .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition()))
              .toList();
      documents.assign(partitions);
      documents.seekToEnd(partitions);
      partitions.forEach(documents::position);
      try (ProcessWorker worker =
          new ProcessWorker(process, settings, AdminSettings.of("127.0.0.1", -1))) {
        worker.start();
        long seen = 0;
        long t10 = 0;
        long cpu10 = 0;
        long cpu90 = 0;
        Map<String, Long> threads10 = Map.of();
        long t90 = 0;
        long seen10 = 0;
        long seen90 = 0;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (t90 == 0) {
          if (System.nanoTime() > deadline) {
            throw new IllegalStateException("worker " + name + " saw only " + seen + " documents");
          }
          seen += documents.poll(Duration.ofMillis(50)).count();
          if (t10 == 0 && seen >= pages / 10) {
            t10 = System.nanoTime();
            cpu10 = ParseLoops.cpuNanos();
            threads10 = threadCpu();
            seen10 = seen;
          }
          if (seen >= pages * 9L / 10) {
            t90 = System.nanoTime();
            cpu90 = ParseLoops.cpuNanos();
            seen90 = seen;
          }
        }
        Map<String, Long> threads90 = threadCpu();
        printCpuBreakdown(name, seen90 - seen10, cpu90 - cpu10, threads10, threads90);
        long stream = threads90.getOrDefault("stream", 0L) - threads10.getOrDefault("stream", 0L);
        return Rate.of(seen90 - seen10, t90 - t10, cpu90 - cpu10)
            .withStream(seen90 - seen10, stream);
      }
    }
  }

  /**
   * Extra client properties, {@code -Dbench.kafka=k=v,k=v} (e.g. producer.compression.type=none).
   */
  private static final Map<String, String> KAFKA_PROPERTIES =
      java.util.Arrays.stream(System.getProperty("bench.kafka", "").split(","))
          .filter(p -> p.contains("="))
          .collect(
              java.util.stream.Collectors.toMap(
                  p -> p.substring(0, p.indexOf('=')), p -> p.substring(p.indexOf('=') + 1)));

  /** The worker's commit interval: {@code -Dbench.commitMs=N} (default: the worker's default). */
  private static final Duration COMMIT_INTERVAL =
      Duration.ofMillis(
          Long.getLong("bench.commitMs", ProcessSettings.defaults().commitInterval().toMillis()));

  private static String f(double value) {
    return String.format("%,.0f", value);
  }

  private static String pct(double ratio) {
    return String.format("%.0f%%", ratio * 100);
  }

  private static String x(double ratio) {
    return String.format("%.2fx", ratio);
  }
}
