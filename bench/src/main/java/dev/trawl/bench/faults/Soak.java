package dev.trawl.bench.faults;

import dev.trawl.bench.BenchReport;
import dev.trawl.bench.fleet.Proc;
import dev.trawl.bench.roles.JvmGauge;
import dev.trawl.bench.roles.RoleProcess;
import dev.trawl.bench.roles.TrawlJar;
import dev.trawl.embedded.DemoSite;
import dev.trawl.runtime.crawl.Urls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A soak at full rate: the fleet as {@code ./trawl} runs it (the broker, {@code
 * -Dsoak.fetchWorkers=2} fetch workers and {@code -Dsoak.processWorkers=1} process worker, each in
 * a JVM of its own) crawls the demo site (in this JVM, on loopback: 10 hosts of 2,000 pages of ~38
 * KB, 50 ms latency) for {@code -Dsoak.minutes=10} after a warm-up (until 2,000 outcomes, at most
 * {@code -Dsoak.warmUpMinutes=5}), fed through trawl.seeds in rounds of its 20,000 URLs, each round
 * a crawl of its own, so that at least 10,000 requests always wait. Every {@code
 * -Dsoak.sampleSeconds=5} s it reads each JVM's RSS (/proc); every {@code -Dsoak.liveSeconds=30} s,
 * on a thread of its own, its live heap: the old generation right after a full collection asked for
 * with jcmd GC.run (read with jstat). Writes every sample to a CSV and draws live heap, RSS and
 * outcomes/s into a PNG (in {@code -Dsoak.results=bench/results}); prints, per JVM, whether live
 * heap and RSS are flat: a least-squares slope over the last half that adds less than 5% (and at
 * least 16 MiB of heap or 32 MiB of RSS) over that half. Exits 1 when one is not flat or a worker
 * exited.
 */
public final class Soak {

  private static final Path REPO = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath();
  private static final Duration LENGTH = Duration.ofMinutes(Long.getLong("soak.minutes", 10));
  private static final long SAMPLE_MS = 1000L * Integer.getInteger("soak.sampleSeconds", 5);
  private static final long LIVE_MS = 1000L * Integer.getInteger("soak.liveSeconds", 30);
  private static final int ROUND = 20_000;
  private static final Duration WARM_UP = Duration.ofMinutes(Long.getLong("soak.warmUpMinutes", 5));
  private static final int WARM_UP_OUTCOMES = 2_000;

  /**
   * The workers' heap is fixed and touched at start: otherwise G1 grows and shrinks its committed
   * heap around each forced collection, moving RSS by hundreds of MiB, which would hide (or fake) a
   * drift of the memory outside the heap that RSS is read for.
   */
  private static final List<String> WORKER_JVM = List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch");

  private Soak() {}

  public static void main(String[] args) throws Exception {
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmm"));
    Path results =
        Files.createDirectories(
            Path.of(System.getProperty("soak.results", REPO.resolve("bench/results").toString())));
    Path out = Files.createTempDirectory("soak");
    TrawlJar jar = TrawlJar.build(REPO);
    SoakSamples samples;
    List<String> exits = new ArrayList<>();
    try (DemoSite site =
            DemoSite.start(DemoSite.Options.defaults().withHosts(10).withPagesPerHost(2_000));
        Fleet fleet = Fleet.startBroker(jar, out, 12)) {
      fleet.startProcessors(Integer.getInteger("soak.processWorkers", 1), WORKER_JVM);
      fleet.startFetchers(Integer.getInteger("soak.fetchWorkers", 2), WORKER_JVM);
      List<String> urls = site.pageUrls(ROUND).stream().map(Urls::normalise).toList();
      samples = soak(fleet, urls);
      for (RoleProcess worker : fleet.workers()) {
        if (!worker.alive() || worker.starts() != 1) {
          exits.add(worker.name() + " exited (see " + worker.log() + ")");
        }
      }
    }
    // The broker's data and the state stores of a soak take gigabytes: only the logs are kept.
    deleteAllBut(out, ".log");
    Path csv = results.resolve("soak-" + stamp + ".csv");
    Path png = results.resolve("soak-" + stamp + ".png");
    samples.writeCsv(csv);
    samples.chart(png);
    List<Check> checks = samples.flatness();
    checks.add(new Check("no worker exited", exits.isEmpty(), String.join("; ", exits)));
    BenchReport report = new BenchReport("Soak: " + samples.summary(), "check", "held", "figures");
    checks.forEach(c -> report.row(c.cells()));
    report.print();
    System.out.printf("%nSamples: %s%nChart: %s%nLogs: %s%n", csv, png, out);
    System.exit(checks.stream().allMatch(Check::held) ? 0 : 1);
  }

  private static SoakSamples soak(Fleet fleet, List<String> urls) throws Exception {
    Map<String, RoleProcess> roles = new LinkedHashMap<>();
    roles.put("broker", fleet.broker());
    fleet.workers().forEach(w -> roles.put(w.name(), w));
    SoakSamples samples = new SoakSamples(new ArrayList<>(roles.keySet()));
    try (KafkaProducer<String, byte[]> producer = producer(fleet.bootstrapServers())) {
      Feeder feeder = new Feeder(fleet, producer, urls);
      long warmUp = System.nanoTime();
      long warmUpEnd = warmUp + WARM_UP.toNanos();
      while (feeder.feed() < WARM_UP_OUTCOMES && System.nanoTime() - warmUpEnd < 0) {
        Thread.sleep(SAMPLE_MS);
      }
      System.err.printf(
          Locale.ROOT,
          "warm-up: %.1f min to the first outcomes%n",
          (System.nanoTime() - warmUp) / 60e9);
      long start = System.nanoTime();
      long end = start + LENGTH.toNanos();
      ScheduledExecutorService liveReader = Executors.newSingleThreadScheduledExecutor();
      liveReader.scheduleWithFixedDelay(
          () -> roles.forEach((name, role) -> readLive(samples, name, role, start)),
          0,
          LIVE_MS,
          TimeUnit.MILLISECONDS);
      try {
        while (System.nanoTime() - end < 0) {
          long tick = System.nanoTime();
          double minutes = (tick - start) / 60e9;
          samples.outcomes(minutes, feeder.feed());
          roles.forEach((name, role) -> samples.rss(name, minutes, Proc.rssKib(role.pid())));
          long sleep = SAMPLE_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tick);
          if (sleep > 0) {
            Thread.sleep(sleep);
          }
        }
      } finally {
        liveReader.shutdownNow();
        liveReader.awaitTermination(1, TimeUnit.MINUTES);
      }
      System.err.printf(
          Locale.ROOT, "published %,d URLs in %d rounds%n", feeder.published, feeder.rounds);
    }
    return samples;
  }

  /** Deletes everything under {@code dir} but its own files whose names end with {@code suffix}. */
  private static void deleteAllBut(Path dir, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files
          .sorted(Comparator.reverseOrder())
          .filter(p -> !p.equals(dir))
          .filter(p -> !(p.getParent().equals(dir) && p.getFileName().toString().endsWith(suffix)))
          .forEach(p -> p.toFile().delete());
    }
  }

  private static void readLive(SoakSamples samples, String name, RoleProcess role, long start) {
    try {
      long kib = JvmGauge.liveHeapKib(role.pid());
      samples.live(name, (System.nanoTime() - start) / 60e9, kib);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Publishes a new round of the site's URLs whenever fewer than half a round wait. */
  private static final class Feeder {
    private final Fleet fleet;
    private final KafkaProducer<String, byte[]> producer;
    private final List<String> urls;
    private long published;
    private int rounds;

    Feeder(Fleet fleet, KafkaProducer<String, byte[]> producer, List<String> urls) {
      this.fleet = fleet;
      this.producer = producer;
      this.urls = urls;
    }

    /** Feeds if needed; the fetch workers' outcomes so far. */
    double feed() {
      double outcomes = 0;
      for (RoleProcess fetcher : fleet.fetchers()) {
        outcomes += fetcher.metrics().sum("trawl_fetch_outcomes_total");
      }
      if (published - outcomes < ROUND / 2.0) {
        rounds++;
        publish(producer, urls, "soak-" + rounds);
        published += urls.size();
      }
      return outcomes;
    }
  }

  private static void publish(
      KafkaProducer<String, byte[]> producer, List<String> urls, String crawl) {
    for (String url : urls) {
      producer.send(Poison.seed(url, crawl));
    }
    producer.flush();
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }
}
