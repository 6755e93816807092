package dev.trawl.bench;

import dev.trawl.embedded.EmbeddedKafka;
import dev.trawl.producer.CrawlSpec;
import dev.trawl.producer.Inputs;
import dev.trawl.producer.ProduceListener;
import dev.trawl.producer.ProduceSummary;
import dev.trawl.producer.UrlProducer;
import dev.trawl.producer.UrlValidator;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.Topics;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Publishing 1,000,000 URLs from a file through {@link UrlProducer} (read, validate, normalise,
 * dedup, build, send with acks=all) against Kafka's own {@code ProducerPerformance} sending as many
 * records of the same average size with the same producer settings, to the same in-process broker,
 * each to a fresh topic of 6 partitions; runs interleaved, median of 3 (or {@code ProduceBench URLS
 * ROUNDS}).
 */
public final class ProduceBench {

  private static final int PARTITIONS = 6;

  /** Distinct hosts in the URL file, and distinct keys of the reference's records. */
  private static final int HOSTS = 5_000;

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Path dir = Files.createTempDirectory("produce-bench");
    Path file = writeUrls(dir.resolve("urls.txt"), count);
    int recordSize = averageRecordSize(file);
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      String bootstrap = kafka.bootstrapServers();
      KafkaSettings settings = new KafkaSettings(bootstrap, Map.of());
      double[] ours = new double[rounds];
      double[] theirs = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        ours[round] = publish(settings, createTopic(bootstrap, "bench.urls." + round), file, count);
        theirs[round] =
            producerPerformance(
                settings, createTopic(bootstrap, "bench.perf." + round), count, recordSize);
        System.err.printf(
            Locale.ROOT,
            "round %d: UrlProducer %.0f/s, ProducerPerformance %.0f/s%n",
            round + 1,
            ours[round],
            theirs[round]);
      }
      double oursMedian = BenchReport.median(ours);
      double theirsMedian = BenchReport.median(theirs);
      double[] ratios = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        ratios[round] = ours[round] / theirs[round];
      }
      BenchReport report =
          new BenchReport(
              String.format(
                  Locale.ROOT,
                  "Publishing %,d URLs (%d-byte values, %,d keys, %d partitions, acks=all, lz4),"
                      + " median of %d",
                  count,
                  recordSize,
                  HOSTS,
                  PARTITIONS,
                  rounds),
              "Path",
              "records/s",
              "ratio");
      report.row(
          "UrlProducer from a file (read, validate, normalise, dedup, send)",
          String.format(Locale.ROOT, "%,.0f", oursMedian),
          String.format(Locale.ROOT, "%.2f", oursMedian / theirsMedian));
      report.row(
          "Kafka ProducerPerformance (same count and size, 5,000 random keys, same settings)",
          String.format(Locale.ROOT, "%,.0f", theirsMedian),
          "1.00");
      report.row(
          "Ratio of each round (same load), median",
          "",
          String.format(Locale.ROOT, "%.2f", BenchReport.median(ratios)));
      report.print();
    }
  }

  /** Distinct URLs on 5,000 hosts with varied paths and queries (query parameters unsorted). */
  static Path writeUrls(Path file, int count) throws Exception {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int i = 0; i < count; i++) {
        int n = i;
        out.write(
            String.format(
                Locale.ROOT,
                "https://www.host%d.example.com/section-%d/articles/%d-some-title-words.html"
                    + "?utm_source=news&id=%d%n",
                n % HOSTS,
                n % 37,
                n,
                n));
      }
    }
    return file;
  }

  /** The mean size of the serialised values (requests) the file turns into. */
  static int averageRecordSize(Path file) throws Exception {
    UrlValidator validator = new UrlValidator();
    long bytes = 0;
    int n = 0;
    try (Reader reader = Inputs.open(file);
        java.io.BufferedReader lines = new java.io.BufferedReader(reader)) {
      for (String line = lines.readLine(); line != null && n < 10_000; line = lines.readLine()) {
        if (validator.check(line) instanceof dev.trawl.producer.UrlCheck.Accepted url) {
          FetchRequest request =
              FetchRequest.newBuilder()
                  .setUrl(url.url())
                  .setHost(url.host())
                  .setCrawlId("crawl-bench")
                  .setDepth(0)
                  .setMaxDepth(0)
                  .setScope(CrawlScope.HOST)
                  .setAttempt(0)
                  .setEnqueuedAt(System.currentTimeMillis())
                  .setNotBefore(null)
                  .setReferrer(null)
                  .setMetadata(Map.of())
                  .build();
          bytes += Topics.URLS.valueSerde().serializer().serialize("t", request).length;
          n++;
        }
      }
    }
    return (int) Math.round((double) bytes / n);
  }

  /** URLs/s (lines read per second of the whole batch, acknowledgements included). */
  static double publish(KafkaSettings settings, String topic, Path file, int count)
      throws Exception {
    UrlProducer.Options options =
        UrlProducer.Options.defaults().withTopic(topic).withSendTimeout(Duration.ofMinutes(2));
    try (UrlProducer producer = new UrlProducer(settings, options);
        Reader reader = Inputs.open(file)) {
      long start = System.nanoTime();
      ProduceSummary summary =
          producer.publish(reader, CrawlSpec.of("crawl-bench"), ProduceListener.NONE);
      long nanos = System.nanoTime() - start;
      if (!summary.completed() || summary.lines() != count) {
        throw new IllegalStateException("publishing failed: " + summary);
      }
      return count * 1e9 / nanos;
    }
  }

  /** Records/s that Kafka's ProducerPerformance reports for the same settings. */
  static double producerPerformance(KafkaSettings settings, String topic, int count, int size)
      throws Exception {
    Map<String, Object> props = settings.producer();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--topic",
                topic,
                "--num-records",
                Integer.toString(count),
                "--record-size",
                Integer.toString(size),
                "--throughput",
                "-1",
                "--key-distribution",
                "random",
                "--record-key-range",
                Integer.toString(HOSTS),
                "--producer-props"));
    args.add(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG + "=" + settings.bootstrapServers());
    for (String key :
        List.of(
            ProducerConfig.ACKS_CONFIG,
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            ProducerConfig.LINGER_MS_CONFIG,
            ProducerConfig.BATCH_SIZE_CONFIG)) {
      args.add(key + "=" + props.get(key));
    }
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      org.apache.kafka.tools.ProducerPerformance.main(args.toArray(String[]::new));
    } finally {
      System.setOut(stdout);
    }
    String output = captured.toString(StandardCharsets.UTF_8);
    Matcher total =
        Pattern.compile("(?m)^" + count + " records sent, ([0-9.]+) records/sec").matcher(output);
    if (!total.find()) {
      throw new IllegalStateException("unexpected ProducerPerformance output:\n" + output);
    }
    return Double.parseDouble(total.group(1));
  }

  static String createTopic(String bootstrap, String name) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      NewTopic topic = new NewTopic(name, PARTITIONS, (short) 1);
      admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      dev.trawl.runtime.TopicSetup.awaitLeaders(admin, List.of(topic));
    }
    return name;
  }
}
