package dev.trawl.bench;

import dev.trawl.embedded.EmbeddedKafka;
import dev.trawl.producer.Inputs;
import dev.trawl.producer.ProduceCommand;
import dev.trawl.producer.UrlCheck;
import dev.trawl.producer.UrlValidator;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.Topics;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import picocli.CommandLine;

/**
 * Publishing 1,000,000 URLs from a file with {@code trawl produce} (the {@link ProduceCommand}
 * itself: read, validate, normalise, dedup, build, send with acks=all, with its listeners), against
 * Kafka's own {@code ProducerPerformance} sending as many records of the same average key + value
 * size with the same producer settings, to the same in-process broker, each run to a fresh topic of
 * 6 partitions. One untimed warm-up round, then rounds whose order alternates; medians of 3 (or
 * {@code ProduceBench URLS ROUNDS}). The reference runs twice per round: with its default payload
 * (fresh random upper-case letters for every record, which it generates inside its timed loop and
 * which lz4 cannot compress) and with payloads taken from the URL file (text as compressible as
 * ours, picked from a list). A fourth run reads and validates the same file on one thread without
 * Kafka ({@link UrlValidator} alone). Further arguments {@code KEY=VALUE} are producer properties
 * given to both sides ({@code --kafka-property} and {@code --producer-props}).
 */
public final class ProduceBench {

  private static final int PARTITIONS = 6;

  /** Distinct hosts in the URL file, and distinct keys of the reference's records. */
  private static final int HOSTS = 5_000;

  /** Payloads in the reference's payload file. */
  private static final int PAYLOADS = 10_000;

  private static final Pattern SUMMARY =
      Pattern.compile("published (\\d+) to \\S+ in [0-9.]+ s \\(([0-9]+) URLs/s\\)");

  public static void main(String[] args) throws Exception {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    Map<String, String> overrides = new java.util.TreeMap<>();
    for (int i = 2; i < args.length; i++) {
      String[] property = args[i].split("=", 2);
      overrides.put(property[0], property[1]);
    }
    Path dir = Files.createTempDirectory("produce-bench");
    Path file = writeUrls(dir.resolve("urls.txt"), count);
    Path warmUpFile = writeUrls(dir.resolve("warm-up.txt"), Math.max(1, count / 5));
    double[] sizes = averageSizes(file);
    double keyBytes = sizes[0];
    double valueBytes = sizes[1];
    // The reference's keys are the decimal numbers 0..4999; its values make up the difference.
    int recordSize = (int) Math.round(keyBytes + valueBytes - averageDecimalLength(HOSTS));
    Path payloads = writePayloads(dir.resolve("payloads.txt"), file, recordSize);
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers(), overrides);
      int[] topics = {0};
      Run ours = (n, f) -> produce(settings, topic(settings, "urls", topics), f, n);
      Run random = (n, f) -> perf(settings, topic(settings, "perf", topics), n, recordSize, null);
      Run text = (n, f) -> perf(settings, topic(settings, "text", topics), n, 0, payloads);
      Run validation = (n, f) -> validate(f, n);
      Run[] runs = {ours, random, text, validation};
      for (Run run : runs) {
        run.perSecond(Math.max(1, count / 5), warmUpFile);
      }
      double[][] rates = new double[runs.length][rounds];
      double[][] cpu = new double[runs.length][rounds];
      for (int round = 0; round < rounds; round++) {
        for (int k = 0; k < runs.length; k++) {
          int r = round % 2 == 0 ? k : runs.length - 1 - k;
          long cpuBefore = processCpuNanos();
          rates[r][round] = runs[r].perSecond(count, file);
          cpu[r][round] = (processCpuNanos() - cpuBefore) / 1e3 / count;
        }
        System.err.printf(
            Locale.ROOT,
            "round %d: trawl produce %.0f/s, ProducerPerformance %.0f/s (random payload),"
                + " %.0f/s (text payloads), validation alone %.0f/s; load %s%n",
            round + 1,
            rates[0][round],
            rates[1][round],
            rates[2][round],
            rates[3][round],
            load());
      }
      report(count, rounds, keyBytes, valueBytes, recordSize, rates, cpu, settings.producer())
          .print();
      for (Path written : List.of(file, warmUpFile, payloads, dir)) {
        Files.deleteIfExists(written);
      }
      if (!overrides.isEmpty()) {
        System.out.println("\nProducer properties given to both sides: " + overrides);
      }
    }
  }

  /** One timed run of {@code count} records; returns records per second. */
  private interface Run {
    double perSecond(int count, Path file) throws Exception;
  }

  private static BenchReport report(
      int count,
      int rounds,
      double keyBytes,
      double valueBytes,
      int recordSize,
      double[][] rates,
      double[][] cpu,
      Map<String, Object> producer) {
    double ours = BenchReport.median(rates[0]);
    BenchReport report =
        new BenchReport(
            String.format(
                Locale.ROOT,
                "Publishing %,d URLs (records of %.1f + %.1f key + value bytes; reference %.1f +"
                    + " %d), %,d keys, %d partitions, acks=%s, idempotent, %s, linger.ms %s,"
                    + " batch.size %s; median of %d interleaved rounds",
                count,
                keyBytes,
                valueBytes,
                averageDecimalLength(HOSTS),
                recordSize,
                HOSTS,
                PARTITIONS,
                producer.get(ProducerConfig.ACKS_CONFIG),
                producer.get(ProducerConfig.COMPRESSION_TYPE_CONFIG),
                producer.get(ProducerConfig.LINGER_MS_CONFIG),
                producer.get(ProducerConfig.BATCH_SIZE_CONFIG),
                rounds),
            "Path",
            "records/s (median)",
            "trawl produce / this",
            "per-round ratios",
            "CPU µs per record (whole JVM, broker included; median)");
    report.row(
        "`trawl produce --urls FILE` (read, validate, normalise, dedup, build, send, acks)",
        rate(ours),
        "",
        "",
        String.format(Locale.ROOT, "%.2f", BenchReport.median(cpu[0])));
    String[] names = {
      "",
      "Kafka ProducerPerformance, `--record-size` (random payload per record)",
      "Kafka ProducerPerformance, `--payload-file` (URL-file text, same size)",
      "`UrlValidator` alone, one thread (read, validate, normalise; no Kafka)"
    };
    for (int r = 1; r < rates.length; r++) {
      double[] ratios = new double[rounds];
      StringBuilder each = new StringBuilder();
      for (int round = 0; round < rounds; round++) {
        ratios[round] = rates[0][round] / rates[r][round];
        each.append(round == 0 ? "" : ", ").append(ratio(ratios[round]));
      }
      report.row(
          names[r],
          rate(BenchReport.median(rates[r])),
          ratio(BenchReport.median(ratios)),
          each.toString(),
          String.format(Locale.ROOT, "%.2f", BenchReport.median(cpu[r])));
    }
    return report;
  }

  private static String rate(double perSecond) {
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  private static String ratio(double ratio) {
    return String.format(Locale.ROOT, "%.2f", ratio);
  }

  /** Distinct URLs on 5,000 hosts with varied paths and queries (query parameters unsorted). */
  static Path writeUrls(Path file, int count) throws Exception {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (int n = 0; n < count; n++) {
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

  /** The mean key and value sizes of the records the first 10,000 lines of the file become. */
  static double[] averageSizes(Path file) throws Exception {
    UrlValidator validator = new UrlValidator();
    long keyBytes = 0;
    long valueBytes = 0;
    int n = 0;
    try (BufferedReader lines = new BufferedReader(Inputs.open(file))) {
      for (String line = lines.readLine(); line != null && n < 10_000; line = lines.readLine()) {
        if (validator.check(line) instanceof UrlCheck.Accepted url) {
          keyBytes += Topics.URLS.keySerde().serializer().serialize("t", url.host()).length;
          valueBytes += Topics.URLS.valueSerde().serializer().serialize("t", request(url)).length;
          n++;
        }
      }
    }
    return new double[] {(double) keyBytes / n, (double) valueBytes / n};
  }

  private static FetchRequest request(UrlCheck.Accepted url) {
    return FetchRequest.newBuilder()
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
  }

  /** The mean length of the decimal numbers 0 to {@code n - 1}. */
  static double averageDecimalLength(int n) {
    long digits = 0;
    for (int i = 0; i < n; i++) {
      digits += Integer.toString(i).length();
    }
    return (double) digits / n;
  }

  /**
   * {@value #PAYLOADS} lines of the URL file, each cut or padded (by repeating it) to {@code size}.
   */
  static Path writePayloads(Path file, Path urls, int size) throws Exception {
    try (BufferedReader lines = new BufferedReader(Inputs.open(urls));
        BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      String line = lines.readLine();
      for (int i = 0; i < PAYLOADS && line != null; i++, line = lines.readLine()) {
        String padded = (line + " crawl-bench ").repeat(size / line.length() + 1);
        out.write(padded, 0, size);
        out.write('\n');
      }
    }
    return file;
  }

  /** URLs/s that {@code trawl produce} reports for publishing {@code file}. */
  static double produce(KafkaSettings settings, String topic, Path file, int count) {
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new ProduceCommand())
            .setErr(new PrintWriter(err))
            .execute(
                "--urls",
                file.toString(),
                "--bootstrap-servers",
                settings.bootstrapServers(),
                "--topic",
                topic,
                "--crawl-id",
                "crawl-bench",
                "--send-timeout-ms",
                "120000",
                "--no-progress",
                "--admin-port",
                "-1");
    Matcher summary = SUMMARY.matcher(err.toString());
    if (exit != 0 || !summary.find() || Long.parseLong(summary.group(1)) != count) {
      throw new IllegalStateException("trawl produce failed (exit " + exit + "):\n" + err);
    }
    return Double.parseDouble(summary.group(2));
  }

  /** Lines/s of reading {@code file} and checking each line, on this thread only. */
  static double validate(Path file, int count) throws Exception {
    UrlValidator validator = new UrlValidator();
    long accepted = 0;
    long start = System.nanoTime();
    try (BufferedReader lines = new BufferedReader(Inputs.open(file))) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (validator.check(line) instanceof UrlCheck.Accepted) {
          accepted++;
        }
      }
    }
    double perSecond = count * 1e9 / (System.nanoTime() - start);
    if (accepted != count) {
      throw new IllegalStateException("validation accepted " + accepted + " of " + count);
    }
    return perSecond;
  }

  /**
   * Records/s that Kafka's ProducerPerformance reports for the same settings: records of {@code
   * size} random bytes, or picked from {@code payloadFile} when it is not null.
   */
  static double perf(KafkaSettings settings, String topic, int count, int size, Path payloadFile)
      throws Exception {
    Map<String, Object> props = settings.producer();
    List<String> args =
        new ArrayList<>(
            List.of(
                "--topic",
                topic,
                "--num-records",
                Integer.toString(count),
                "--throughput",
                "-1",
                "--key-distribution",
                "random",
                "--record-key-range",
                Integer.toString(HOSTS)));
    if (payloadFile == null) {
      args.addAll(List.of("--record-size", Integer.toString(size)));
    } else {
      args.addAll(List.of("--payload-file", payloadFile.toString()));
    }
    args.add("--producer-props");
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
    settings.common().forEach((key, value) -> args.add(key + "=" + value)); // the overrides
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

  private static String topic(KafkaSettings settings, String kind, int[] counter) throws Exception {
    String name = "bench." + kind + "." + counter[0]++;
    try (Admin admin = Admin.create(settings.admin())) {
      NewTopic topic = new NewTopic(name, PARTITIONS, (short) 1);
      admin.createTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
      TopicSetup.awaitLeaders(admin, List.of(topic));
    }
    return name;
  }

  /** CPU time of the whole process so far (every thread: ours, Kafka's clients, the broker). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String load() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (Exception e) {
      return "?";
    }
  }
}
