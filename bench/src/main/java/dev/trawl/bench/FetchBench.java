package dev.trawl.bench;

import dev.trawl.bench.fleet.Proc;
import dev.trawl.embedded.DemoSite;
import dev.trawl.embedded.EmbeddedKafka;
import dev.trawl.fetch.FetchWorkerCommand;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.Topics;
import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Fetch worker throughput: one worker in its own JVM (the {@code fetch-worker} command) against the
 * demo site at 200 ms latency, for C requests in flight; results really go to Kafka (an embedded
 * broker, in this JVM with the site). The reference is the limit C / latency. Also reports the
 * worker's CPU seconds per 1,000 fetches, its peak RSS (VmHWM), and how busy the whole machine was
 * (all processes, from /proc/stat): when that reaches the core count, the run is CPU-bound.
 *
 * <p>One worker per C: it first fetches 20 s worth of URLs at the limit, not measured (the worker's
 * and this JVM's JIT compilers take a tenth of the machine for the first minute), then three
 * back-to-back windows of the steady duration at the limit; the table shows the median window.
 *
 * <p>Two page sizes: the demo site's ~38 KB pages (the figure), and its smallest pages (~4
 * KB), which separate the worker's concurrency from the bytes the machine has to move. The site
 * keeps its rendered pages in memory, so that page generation takes as little CPU as possible from
 * the worker under test (a real site does not share the crawler's cores).
 *
 * <p>Usage: {@code FetchBench [window-seconds] [C ...]} (defaults: windows of as many URLs as 20 s
 * at the limit C/L take; 64 256 1024). Extra JVM flags for the worker (e.g. {@code
 * -XX:StartFlightRecording}) come from {@code BENCH_WORKER_OPTS}; {@code -Dbench.pageBytes=N}
 * measures one page size only; {@code -Dbench.brokerDir=/dev/shm} keeps the broker's log in memory
 * (tmpfs), so that its disk writes (ext4, writeback) take no CPU from the worker (about 1 GB of
 * memory per 100,000 pages); {@code -Dbench.workerArgs="--admin-port=9464 ..."} adds options to the
 * worker's command line or replaces the benchmark's own ({@code --name=value} form); {@code
 * -Dbench.workers=1,2} measures groups of that many worker processes, each with C in flight, and
 * compares each group with one worker (scale-out; no host limit then binds before C).
 */
public final class FetchBench {

  private static final Duration LATENCY = Duration.ofMillis(200);
  private static final int HOSTS = 16;
  private static final int PAGES_PER_HOST = 1_000;
  private static final int PARTITIONS = Integer.getInteger("bench.partitions", 8);
  private static final int RUNS = 3;
  private static final int WARM_UP_SECONDS = 20;
  private static final List<Integer> PAGE_SIZES = List.of(38_000, 4_096);

  /** Worker processes in one group, each with C in flight: {@code -Dbench.workers=1,2}. */
  private static final List<Integer> WORKERS =
      java.util.Arrays.stream(System.getProperty("bench.workers", "1").split(","))
          .map(String::trim)
          .map(Integer::valueOf)
          .toList();

  private final EmbeddedKafka kafka;
  private final DemoSite site;
  private final KafkaSettings settings;
  private final List<String> urls;
  private int urlCursor;
  private final Map<String, Integer> hostIndex = new HashMap<>();

  /** Reads end offsets of the outcome topics; created on first use. */
  private KafkaConsumer<byte[], byte[]> endOffsets;

  private FetchBench(EmbeddedKafka kafka, DemoSite site) {
    this.kafka = kafka;
    this.site = site;
    this.settings = KafkaSettings.of(kafka.bootstrapServers());
    this.urls = site.pageUrls(HOSTS * PAGES_PER_HOST);
  }

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    List<Integer> limits = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      limits.add(Integer.parseInt(args[i]));
    }
    if (limits.isEmpty()) {
      limits = List.of(64, 256, 1024);
    }
    String onlySize = System.getProperty("bench.pageBytes");
    List<Integer> sizes = onlySize == null ? PAGE_SIZES : List.of(Integer.parseInt(onlySize));
    String brokerParent = System.getProperty("bench.brokerDir");
    Path brokerDir =
        brokerParent == null
            ? null
            : Files.createTempDirectory(Path.of(brokerParent), "bench-kafka");
    try (EmbeddedKafka kafka =
        brokerDir == null ? EmbeddedKafka.startTemporary() : EmbeddedKafka.start(brokerDir, 0)) {
      try (Admin admin = Admin.create(KafkaSettings.of(kafka.bootstrapServers()).admin())) {
        TopicSetup.ensureTopics(admin, PARTITIONS, (short) 1, 2 * 1024 * 1024);
      }
      for (int pageBytes : sizes) {
        try (DemoSite site =
            DemoSite.start(
                DemoSite.Options.defaults()
                    .withHosts(HOSTS)
                    .withPagesPerHost(PAGES_PER_HOST)
                    .withPageBytes(pageBytes)
                    .withLatency(LATENCY)
                    .withServerErrorRate(0)
                    .withPageCacheBytes(HOSTS * PAGES_PER_HOST * (pageBytes + 4_096L)))) {
          new FetchBench(kafka, site).measure(pageBytes, seconds, limits).print();
        }
      }
    } finally {
      if (brokerDir != null) {
        try (var files = Files.walk(brokerDir)) {
          files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
      }
    }
  }

  private BenchReport measure(int pageBytes, int seconds, List<Integer> limits) throws Exception {
    BenchReport report =
        new BenchReport(
            String.format(
                Locale.ROOT,
                "Fetch worker against the demo site at %d ms latency (%d hosts, pages of ~%.0f KB,"
                    + " median of %d windows after a warm-up, %d cores)",
                LATENCY.toMillis(),
                HOSTS,
                pageBytes / 1000.0,
                RUNS,
                Runtime.getRuntime().availableProcessors()),
            "workers",
            "C in flight each",
            "fetches/s",
            "limit C/L",
            "ratio",
            "vs one worker",
            "CPU s / 1,000 fetches",
            "worker cores busy",
            "machine cores busy",
            "peak RSS MiB");
    Map<Integer, Double> oneWorker = new HashMap<>();
    for (int workers : WORKERS) {
      for (int c : limits) {
        double limit = workers * c * 1000.0 / LATENCY.toMillis();
        int count = (int) (limit * seconds);
        double[][] results = runs(c, count, workers);
        printWindows(pageBytes, workers, c, results);
        double rate = median(results, 0);
        if (workers == 1) {
          oneWorker.put(c, rate);
        }
        Double one = oneWorker.get(c);
        report.row(
            String.valueOf(workers),
            String.valueOf(c),
            String.format(Locale.ROOT, "%.0f", rate),
            String.format(Locale.ROOT, "%.0f", limit),
            String.format(Locale.ROOT, "%.1f%%", 100 * rate / limit),
            one == null ? "-" : String.format(Locale.ROOT, "%.2fx", rate / one),
            String.format(Locale.ROOT, "%.2f", median(results, 1)),
            String.format(Locale.ROOT, "%.2f", median(results, 3)),
            String.format(Locale.ROOT, "%.2f", median(results, 4)),
            String.format(Locale.ROOT, "%.0f", median(results, 2)));
      }
    }
    return report;
  }

  private static void printWindows(int pageBytes, int workers, int c, double[][] results) {
    for (int run = 0; run < RUNS; run++) {
      System.err.printf(
          Locale.ROOT,
          "%d B pages, %d x C=%d window %d: %.0f fetches/s, %.2f CPU s/1000, %.0f MiB,"
              + " %.2f cores, machine %.2f cores%n",
          pageBytes,
          workers,
          c,
          run + 1,
          results[run][0],
          results[run][1],
          results[run][2],
          results[run][3],
          results[run][4]);
    }
  }

  private static double median(double[][] results, int column) {
    double[] values = new double[results.length];
    for (int i = 0; i < results.length; i++) {
      values[i] = results[i][column];
    }
    return BenchReport.median(values);
  }

  /**
   * One worker for {@code c}: a warm-up of {@link #WARM_UP_SECONDS} at the limit, not measured
   * (both JVMs still compile hot code then: a worker that runs for hours does not), then {@link
   * #RUNS} back-to-back windows of {@code count} fetches. Per window: {fetches/s, CPU s per 1,000
   * fetches, peak RSS MiB (of the whole run), cores the worker kept busy, cores the whole machine
   * kept busy}.
   */
  private double[][] runs(int c, int count, int workerCount) throws Exception {
    int warmUp = (int) (workerCount * c * 1000L / LATENCY.toMillis() * WARM_UP_SECONDS);
    publish(warmUp + RUNS * count);
    long base = outcomes();
    List<Process> workers = new ArrayList<>();
    try {
      for (int i = 0; i < workerCount; i++) {
        workers.add(startWorker(c));
      }
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
      Mark previous = await(workers, base + warmUp, deadline);
      double[][] results = new double[RUNS][];
      for (int run = 0; run < RUNS; run++) {
        Mark next = await(workers, base + warmUp + (run + 1L) * count, deadline);
        double seconds = (next.nanos - previous.nanos) / 1e9;
        long fetched = next.outcomes - previous.outcomes;
        double cpu = next.workerCpu - previous.workerCpu;
        results[run] =
            new double[] {
              fetched / seconds,
              cpu / fetched * 1000,
              0,
              cpu / seconds,
              (next.machineCpu - previous.machineCpu) / seconds
            };
        previous = next;
      }
      double rssMib =
          workers.stream().mapToLong(w -> Proc.peakRssKib(w.pid())).max().orElse(0) / 1024.0;
      for (double[] result : results) {
        result[2] = rssMib;
      }
      return results;
    } finally {
      for (Process worker : workers) {
        worker.destroy();
      }
      for (Process worker : workers) {
        if (!worker.waitFor(60, TimeUnit.SECONDS)) {
          worker.destroyForcibly();
        }
      }
    }
  }

  private static double workersCpu(List<Process> workers) {
    return workers.stream().mapToDouble(w -> Proc.cpuSeconds(w.pid())).sum();
  }

  /** Outcomes so far, when, and the CPU seconds of the worker and of the machine by then. */
  private record Mark(long outcomes, long nanos, double workerCpu, double machineCpu) {}

  /** Waits until at least {@code target} outcomes are in Kafka; marks the moment it saw them. */
  private Mark await(List<Process> workers, long target, long deadline) throws Exception {
    long done;
    while ((done = outcomes()) < target) {
      for (Process worker : workers) {
        check(worker, deadline);
      }
      Thread.sleep(20);
    }
    return new Mark(done, System.nanoTime(), workersCpu(workers), Proc.machineBusySeconds());
  }

  private static void check(Process worker, long deadline) {
    if (!worker.isAlive()) {
      throw new IllegalStateException("the worker exited with " + worker.exitValue());
    }
    if (System.nanoTime() - deadline > 0) {
      throw new IllegalStateException("the run did not finish within 10 minutes");
    }
  }

  private Process startWorker(int c) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1g");
    String extra = System.getenv("BENCH_WORKER_OPTS");
    if (extra != null && !extra.isBlank()) {
      command.addAll(List.of(extra.trim().split("\\s+")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.add(FetchWorkerCommand.class.getName());
    Map<String, String> options = new java.util.LinkedHashMap<>();
    options.put("--bootstrap-servers", kafka.bootstrapServers());
    options.put("--admin-port", "-1");
    options.put("--allow-private-network", null);
    options.put("--group-id", "bench-fetch");
    options.put("--max-in-flight", String.valueOf(c));
    // With one worker, C spread over the hosts; with more, a worker may own fewer hosts than its
    // share, so no host limit binds before C does.
    options.put(
        "--host-max-in-flight",
        String.valueOf(WORKERS.stream().anyMatch(w -> w > 1) ? c : Math.max(1, c / HOSTS)));
    options.put("--max-attempts", "1");
    String workerArgs = System.getProperty("bench.workerArgs");
    if (workerArgs != null && !workerArgs.isBlank()) {
      for (String arg : workerArgs.trim().split("\\s+")) {
        int equals = arg.indexOf('=');
        options.put(
            equals < 0 ? arg : arg.substring(0, equals),
            equals < 0 ? null : arg.substring(equals + 1));
      }
    }
    options.forEach((name, value) -> command.add(value == null ? name : name + "=" + value));
    File log = Files.createTempFile("fetch-bench-worker", ".log").toFile();
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log))
        .start();
  }

  /** Publishes the next {@code count} URLs (round-robin over the hosts) to trawl.urls. */
  private void publish(int count) throws Exception {
    Map<String, Object> props = new HashMap<>(settings.producer());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      Future<?> last = null;
      for (int i = 0; i < count; i++) {
        String url = urls.get(urlCursor++ % urls.size());
        String host = URI.create(url).getHost();
        FetchRequest request =
            FetchRequest.newBuilder()
                .setUrl(url)
                .setHost(host)
                .setCrawlId("bench")
                .setEnqueuedAt(System.currentTimeMillis())
                .build();
        byte[] value = Topics.URLS.valueSerde().serializer().serialize(Topics.URLS.name(), request);
        // Hosts spread evenly over the partitions (hashing 16 names onto 8 partitions would not),
        // so that every worker of a group gets as much work.
        int partition = hostIndex.computeIfAbsent(host, h -> hostIndex.size()) % PARTITIONS;
        last = producer.send(new ProducerRecord<>(Topics.URLS.name(), partition, host, value));
      }
      producer.flush();
      if (last != null) {
        last.get(60, TimeUnit.SECONDS);
      }
    }
  }

  /** Records in trawl.pages and trawl.fetch-dlq together. */
  private long outcomes() {
    Map<String, Object> props = new HashMap<>(settings.common());
    props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    if (endOffsets == null) {
      endOffsets = new KafkaConsumer<>(props);
    }
    List<TopicPartition> all = new ArrayList<>();
    for (int p = 0; p < PARTITIONS; p++) {
      all.add(new TopicPartition(Topics.PAGES.name(), p));
      all.add(new TopicPartition(Topics.FETCH_DLQ.name(), p));
    }
    return endOffsets.endOffsets(all).values().stream().mapToLong(Long::longValue).sum();
  }
}
