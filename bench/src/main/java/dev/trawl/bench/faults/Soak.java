package dev.trawl.bench.faults;

import dev.trawl.bench.BenchReport;
import dev.trawl.bench.roles.JvmGauge;
import dev.trawl.bench.roles.RoleProcess;
import dev.trawl.bench.roles.TrawlJar;
import dev.trawl.embedded.DemoSite;
import dev.trawl.runtime.crawl.Urls;
import dev.trawl.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A soak at full rate: the fleet as {@code ./trawl} runs it (the broker, {@code
 * -Dsoak.fetchWorkers=2} fetch workers and {@code -Dsoak.processWorkers=1} process worker, each in
 * a JVM of its own) crawls the demo site (in this JVM, on loopback: 10 hosts of 2,000 pages of ~38
 * KB, 50 ms latency) for {@code -Dsoak.minutes=10}, fed through trawl.seeds in rounds of its 20,000
 * URLs, each round a crawl of its own, so that at least 10,000 requests always wait. Every {@code
 * -Dsoak.sampleSeconds=5} s it reads each JVM's RSS (/proc) and heap in use (jstat); every {@code
 * -Dsoak.liveSeconds=30} s its live heap, the heap in use right after a full collection asked for
 * with jcmd GC.run. Writes every sample to a CSV and draws live heap, RSS and outcomes/s into a PNG
 * (in {@code -Dsoak.results=bench/results}); prints, per JVM, whether live heap and RSS are flat: a
 * least-squares slope over the last half that adds less than 5% (and at least 16 MiB of heap or 32
 * MiB of RSS) over that half. Exits 1 when one is not flat or a worker exited.
 */
public final class Soak {

  private static final Path REPO = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath();
  private static final Duration LENGTH = Duration.ofMinutes(Long.getLong("soak.minutes", 10));
  private static final long SAMPLE_MS = 1000L * Integer.getInteger("soak.sampleSeconds", 5);
  private static final long LIVE_MS = 1000L * Integer.getInteger("soak.liveSeconds", 30);
  private static final int ROUND = 20_000;

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
      fleet.startProcessors(Integer.getInteger("soak.processWorkers", 1), List.of("-Xmx1g"));
      fleet.startFetchers(Integer.getInteger("soak.fetchWorkers", 2), List.of("-Xmx1g"));
      List<String> urls = site.pageUrls(ROUND).stream().map(Urls::normalise).toList();
      samples = soak(fleet, urls);
      for (RoleProcess worker : fleet.workers()) {
        if (!worker.alive() || worker.starts() != 1) {
          exits.add(worker.name() + " exited (see " + worker.log() + ")");
        }
      }
    }
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
    Map<String, RoleProcess> roles = new java.util.LinkedHashMap<>();
    roles.put("broker", fleet.broker());
    fleet.workers().forEach(w -> roles.put(w.name(), w));
    SoakSamples samples = new SoakSamples(new ArrayList<>(roles.keySet()));
    try (KafkaProducer<String, byte[]> producer = producer(fleet.bootstrapServers())) {
      long start = System.nanoTime();
      long end = start + LENGTH.toNanos();
      long published = 0;
      long nextLive = start;
      int round = 0;
      while (System.nanoTime() - end < 0) {
        long tick = System.nanoTime();
        double outcomes = 0;
        for (RoleProcess fetcher : fleet.fetchers()) {
          outcomes += fetcher.metrics().sum("trawl_fetch_outcomes_total");
        }
        if (published - outcomes < ROUND / 2) {
          round++;
          publish(producer, urls, "soak-" + round);
          published += urls.size();
        }
        boolean live = tick - nextLive >= 0;
        if (live) {
          nextLive = tick + TimeUnit.MILLISECONDS.toNanos(LIVE_MS);
        }
        double minutes = (tick - start) / 60e9;
        for (Map.Entry<String, RoleProcess> role : roles.entrySet()) {
          long pid = role.getValue().pid();
          samples.add(
              role.getKey(),
              minutes,
              JvmGauge.rssKib(pid),
              JvmGauge.heapUsedKib(pid),
              live ? JvmGauge.liveHeapKib(pid) : -1,
              outcomes);
        }
        long sleep = SAMPLE_MS - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - tick);
        if (sleep > 0) {
          Thread.sleep(sleep);
        }
      }
      System.err.printf(Locale.ROOT, "published %,d URLs in %d rounds%n", published, round);
    }
    return samples;
  }

  private static void publish(
      KafkaProducer<String, byte[]> producer, List<String> urls, String crawl) {
    for (String url : urls) {
      producer.send(
          new ProducerRecord<>(
              Topics.SEEDS.name(),
              Urls.host(url),
              Topics.SEEDS
                  .valueSerde()
                  .serializer()
                  .serialize(Topics.SEEDS.name(), Poison.request(url, crawl, Map.of()))));
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
