package dev.trawl.bench.faults;

import dev.trawl.bench.BenchReport;
import dev.trawl.bench.roles.RoleProcess;
import dev.trawl.bench.roles.TrawlJar;
import dev.trawl.embedded.DemoSite;
import dev.trawl.runtime.crawl.Urls;
import dev.trawl.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Garbage and oversized records on every topic a worker reads, against the fleet as {@code ./trawl}
 * runs it (the broker, one process worker and one fetch worker, each in a JVM of its own): on
 * trawl.seeds, trawl.urls, trawl.pages, trawl.fetch-dlq and the process worker's repartition topic
 * of URL sightings, 4 KiB of random bytes and a valid record as large as the topic takes (at most 3
 * MiB). Then a normal seed. Checks, with no manual step, that each garbage record is in
 * trawl.process-dlq by topic, partition and offset; that each oversized record is either there too
 * or ended where a record of its kind ends (a document, a forwarded URL, a statistic), bounded;
 * that the seed published after them still gets its document; and that neither worker exited or was
 * started again. Exits 1 when a check fails. Logs go to {@code -Dbench.out=DIR}.
 */
public final class PoisonBench {

  private static final Path REPO = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath();
  private static final int MAX_OVERSIZED = 3 * 1024 * 1024;
  private static final Duration WAIT = Duration.ofMinutes(Long.getLong("poison.minutes", 5));

  private PoisonBench() {}

  public static void main(String[] args) throws Exception {
    Path out =
        Files.createDirectories(
            Path.of(
                System.getProperty("bench.out", System.getProperty("java.io.tmpdir")),
                "poison-" + System.currentTimeMillis()));
    TrawlJar jar = TrawlJar.build(REPO);
    boolean held;
    try (DemoSite site =
            DemoSite.start(DemoSite.Options.defaults().withHosts(2).withPagesPerHost(50));
        Fleet fleet = Fleet.startBroker(jar, out, 3)) {
      fleet.startProcessors(1, List.of("-Xmx1g"));
      fleet.startFetchers(1, List.of("-Xmx1g"));
      awaitReady(fleet);
      held = run(fleet, site);
    }
    System.out.printf("%nLogs of every role: %s%n", out);
    System.exit(held ? 0 : 1);
  }

  private static boolean run(Fleet fleet, DemoSite site) throws Exception {
    List<String> pages = site.pageUrls(10).stream().map(Urls::normalise).toList();
    try (KafkaProducer<String, byte[]> producer = producer(fleet.bootstrapServers());
        TopicFeed feed = new TopicFeed(fleet.bootstrapServers(), PoisonEvidence.TOPICS)) {
      PoisonEvidence evidence = new PoisonEvidence();
      long start = System.nanoTime();
      seed(producer, pages.get(0), "poison-before");
      if (!evidence.await(feed, e -> e.documented("poison-before"), WAIT)) {
        throw new IllegalStateException("no document for the first seed: the fleet is not up");
      }
      Map<String, Integer> limits = maxMessageBytes(fleet.bootstrapServers());
      List<Poison> poisons = new ArrayList<>();
      int next = 1;
      for (String topic : PoisonEvidence.READ_TOPICS) {
        int bytes = Math.min(MAX_OVERSIZED, limits.getOrDefault(topic, MAX_OVERSIZED) - 65_536);
        // The failure's host is one of its own, so that its statistics show it was counted.
        String url =
            topic.equals(Topics.FETCH_DLQ.name()) ? "http://127.0.0.9:1/" : pages.get(next);
        poisons.add(Poison.garbage(topic, Urls.host(pages.get(next)), next));
        poisons.add(Poison.oversized(topic, url, bytes));
        next++;
      }
      for (Poison poison : poisons) {
        RecordMetadata sent =
            producer
                .send(new ProducerRecord<>(poison.topic(), poison.key(), poison.value()))
                .get(60, TimeUnit.SECONDS);
        evidence.expect(poison, sent);
      }
      seed(producer, pages.get(next), "poison-after");
      boolean settled =
          evidence.await(feed, e -> e.documented("poison-after") && e.allLanded(), WAIT);
      double seconds = (System.nanoTime() - start) / 1e9;
      return report(fleet, evidence, settled, seconds);
    }
  }

  private static boolean report(
      Fleet fleet, PoisonEvidence evidence, boolean settled, double seconds) {
    BenchReport cases =
        new BenchReport(
            "Hostile records on every topic a worker reads", "topic", "record", "bytes", "landed");
    evidence.rows().forEach(cases::row);
    cases.print();
    List<Check> checks = new ArrayList<>();
    checks.add(
        new Check(
            "every hostile record landed: a dead letter naming it, or a bounded outcome",
            evidence.allLanded(),
            evidence.landed() + " of " + evidence.rows().size()));
    checks.add(
        new Check(
            "a seed published after them still got its document",
            evidence.documented("poison-after"),
            String.format(Locale.ROOT, "%.1f s from the first seed to the end", seconds)));
    List<String> restarts = new ArrayList<>();
    for (RoleProcess worker : fleet.workers()) {
      if (!worker.alive() || worker.starts() != 1 || !worker.ready()) {
        restarts.add(worker.name() + " alive=" + worker.alive() + " starts=" + worker.starts());
      }
    }
    checks.add(
        new Check(
            "no worker exited or was restarted; both ready at the end",
            restarts.isEmpty(),
            restarts.isEmpty()
                ? "fetch-1 and process-1 up since their start"
                : restarts.toString()));
    BenchReport verdict = new BenchReport("Verdict", "check", "held", "figures");
    checks.forEach(c -> verdict.row(c.cells()));
    verdict.print();
    return settled && checks.stream().allMatch(Check::held);
  }

  private static void seed(KafkaProducer<String, byte[]> producer, String url, String crawlId)
      throws Exception {
    producer.send(Poison.seed(url, crawlId)).get(60, TimeUnit.SECONDS);
  }

  private static void awaitReady(Fleet fleet) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!fleet.workers().stream().allMatch(RoleProcess::ready)) {
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the workers were not ready within 3 minutes");
      }
      Thread.sleep(500);
    }
  }

  private static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 2 * MAX_OVERSIZED);
    props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 8L * MAX_OVERSIZED);
    return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
  }

  /** max.message.bytes of every topic the poisons go to. */
  private static Map<String, Integer> maxMessageBytes(String bootstrapServers) throws Exception {
    Map<String, Integer> limits = new HashMap<>();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      List<ConfigResource> topics =
          PoisonEvidence.READ_TOPICS.stream()
              .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t))
              .toList();
      Map<ConfigResource, Config> configs =
          admin.describeConfigs(topics).all().get(60, TimeUnit.SECONDS);
      configs.forEach(
          (resource, config) ->
              limits.put(
                  resource.name(),
                  Integer.parseInt(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())));
    }
    return limits;
  }
}
