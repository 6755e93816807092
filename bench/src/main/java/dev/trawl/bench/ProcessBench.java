package dev.trawl.bench;

import dev.trawl.embedded.DemoSite;
import dev.trawl.embedded.EmbeddedKafka;
import dev.trawl.process.PageParser;
import dev.trawl.process.ProcessSettings;
import dev.trawl.process.ProcessWorker;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.Topics;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * Pages/s of the process worker (the whole topology, exactly-once, on an in-process broker) with
 * one stream thread and with one per core, each against a raw jsoup loop over the same pages in the
 * same run (parse, title, description, lang, canonical, word count, absolute links), with the same
 * number of threads. The corpus: {@code PAGES} pages of about 38 KB fetched once from a DemoSite
 * without latency, then held in memory. Median of {@code ROUNDS} (default 3). The worker figure is
 * its steady-state rate: documents committed between 10% and 90% of the corpus.
 */
public final class ProcessBench {

  private static final int PARTITIONS = 6;

  public static void main(String[] args) throws Exception {
    int pages = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int cores = Runtime.getRuntime().availableProcessors();
    List<FetchResult> corpus = corpus(pages);
    long bytes = corpus.stream().mapToLong(r -> r.getBody().remaining()).sum();
    System.err.printf("corpus: %d pages, %d bytes on average%n", pages, bytes / pages);

    for (int i = 0; i < 3; i++) {
      rawLoop(corpus, 1); // warm-up
    }
    double[] parser1 = new double[rounds];
    double[] raw1 = new double[rounds];
    double[] raw2 = new double[rounds];
    double[] worker1 = new double[rounds];
    double[] workerN = new double[rounds];
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      KafkaSettings settings = new KafkaSettings(kafka.bootstrapServers(), Map.of());
      try (Admin admin = Admin.create(settings.admin())) {
        TopicSetup.ensureTopics(admin, PARTITIONS, (short) 1, 2 * 1024 * 1024);
      }
      load(settings, corpus);
      for (int round = 0; round < rounds; round++) {
        raw1[round] = rawLoop(corpus, 1);
        parser1[round] = parserLoop(corpus);
        raw2[round] = rawLoop(corpus, 2);
        worker1[round] = worker(settings, pages, 1, "r" + round + "t1");
        workerN[round] = worker(settings, pages, cores, "r" + round + "tn");
        System.err.printf(
            "round %d: parser %.0f/s, raw 1 thread %.0f/s, raw 2 threads %.0f/s, worker 1 thread %.0f/s,"
                + " worker %d threads %.0f/s%n",
            round, parser1[round], raw1[round], raw2[round], worker1[round], cores, workerN[round]);
      }
    }
    double r1 = BenchReport.median(raw1);
    double r2 = BenchReport.median(raw2);
    double rN = cores == 2 ? r2 : rawLoopMedian(corpus, cores, rounds);
    double w1 = BenchReport.median(worker1);
    double wN = BenchReport.median(workerN);
    BenchReport report =
        new BenchReport(
            "Process worker vs raw jsoup loop: "
                + pages
                + " pages of ~"
                + bytes / pages / 1000
                + " KB, "
                + cores
                + " cores, median of "
                + rounds,
            "figure",
            "pages/s",
            "reference",
            "ref pages/s",
            "ratio",
            "target");
    report.row("raw loop, 2 threads", f(r2), "raw loop, 1 thread", f(r1), x(r2 / r1), ">= 1.7x");
    double p1 = BenchReport.median(parser1);
    report.row("PageParser alone, 1 thread", f(p1), "raw loop, 1 thread", f(r1), pct(p1 / r1), "-");
    report.row("worker, 1 thread", f(w1), "raw loop, 1 thread", f(r1), pct(w1 / r1), ">= 80%");
    report.row(
        "worker, " + cores + " threads",
        f(wN),
        "raw loop, " + cores + " threads",
        f(rN),
        pct(wN / rN),
        ">= 80%");
    report.row(
        "worker, " + cores + " threads", f(wN), "worker, 1 thread", f(w1), x(wN / w1), ">= 1.7x");
    report.print();
    System.exit(0);
  }

  /** Fetches {@code count} pages of a DemoSite without latency into memory, as fetch results. */
  static List<FetchResult> corpus(int count) throws Exception {
    DemoSite.Options options =
        DemoSite.Options.defaults()
            .withLatency(Duration.ZERO)
            .withHosts(4)
            .withPagesPerHost((count + 3) / 4);
    List<FetchResult> results = new ArrayList<>(count);
    try (DemoSite site = DemoSite.start(options)) {
      HttpClient http = HttpClient.newHttpClient();
      for (String url : site.pageUrls(count)) {
        HttpResponse<byte[]> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String host = URI.create(url).getHost();
        String contentType = response.headers().firstValue("content-type").orElse("text/html");
        FetchRequest request =
            FetchRequest.newBuilder()
                .setUrl(url)
                .setHost(host)
                .setCrawlId("bench")
                .setDepth(0)
                .setMaxDepth(1)
                .setScope(CrawlScope.HOST)
                .setEnqueuedAt(1)
                .build();
        results.add(
            FetchResult.newBuilder()
                .setRequest(request)
                .setOutcome(FetchOutcome.FETCHED)
                .setFinalUrl(url)
                .setRedirectChain(List.of())
                .setStatus(response.statusCode())
                .setHeaders(Map.of("content-type", contentType))
                .setContentType(contentType)
                .setBody(ByteBuffer.wrap(response.body()))
                .setFetchedAt(System.currentTimeMillis())
                .setLatencyMs(1)
                .build());
      }
    }
    return results;
  }

  private static double rawLoopMedian(List<FetchResult> corpus, int threads, int rounds)
      throws Exception {
    double[] samples = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      samples[i] = rawLoop(corpus, threads);
    }
    return BenchReport.median(samples);
  }

  /** Pages/s of a plain jsoup loop over the corpus split across {@code threads} threads. */
  static double rawLoop(List<FetchResult> corpus, int threads) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      long start = System.nanoTime();
      List<Future<Long>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        parts.add(
            pool.submit(
                () -> {
                  long sink = 0;
                  for (int i = first; i < corpus.size(); i += threads) {
                    sink += extract(corpus.get(i));
                  }
                  return sink;
                }));
      }
      long sink = 0;
      for (Future<Long> part : parts) {
        sink += part.get();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      if (sink == 42) {
        System.err.println("(unlikely)");
      }
      return corpus.size() / seconds;
    } finally {
      pool.shutdown();
    }
  }

  /** Pages/s of Trawl's {@link PageParser} alone (no Kafka) over the corpus, one thread. */
  static double parserLoop(List<FetchResult> corpus) {
    PageParser parser = new PageParser();
    long start = System.nanoTime();
    long sink = 0;
    for (FetchResult result : corpus) {
      sink += parser.parse(result).getWordCount();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    if (sink == 42) {
      System.err.println("(unlikely)");
    }
    return corpus.size() / seconds;
  }

  /** The raw loop's work on one page: what the process worker extracts, nothing more. */
  private static long extract(FetchResult result) throws Exception {
    ByteBuffer body = result.getBody().duplicate();
    byte[] bytes = new byte[body.remaining()];
    body.get(bytes);
    org.jsoup.nodes.Document html =
        Jsoup.parse(new ByteArrayInputStream(bytes), null, result.getFinalUrl());
    long sink = html.title().length();
    Element description = html.selectFirst("meta[name=description]");
    sink += description == null ? 0 : description.attr("content").length();
    sink += html.selectFirst("html").attr("lang").length();
    Element canonical = html.selectFirst("link[rel=canonical][href]");
    sink += canonical == null ? 0 : canonical.absUrl("href").length();
    String text = html.body().text();
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean space = Character.isWhitespace(text.charAt(i));
      if (!space && !inWord) {
        sink++;
      }
      inWord = !space;
    }
    for (Element a : html.select("a[href]")) {
      sink += a.absUrl("href").length();
    }
    return sink;
  }

  private static void load(KafkaSettings settings, List<FetchResult> corpus) throws Exception {
    try (KafkaProducer<String, FetchResult> producer =
        new KafkaProducer<>(
            settings.producer(),
            Topics.PAGES.keySerde().serializer(),
            Topics.PAGES.valueSerde().serializer())) {
      for (FetchResult result : corpus) {
        producer.send(
            new ProducerRecord<>(Topics.PAGES.name(), result.getRequest().getHost(), result));
      }
      producer.flush();
    }
  }

  /**
   * Runs a fresh worker application over the pre-loaded pages and returns its steady-state rate:
   * documents committed between 10% and 90% of the corpus, per second.
   */
  private static double worker(KafkaSettings settings, int pages, int threads, String name)
      throws Exception {
    ProcessSettings process =
        ProcessSettings.defaults()
            .withApplicationId("bench-" + name)
            .withThreads(threads)
            .withStateDir(Files.createTempDirectory("process-bench"))
            .withCommitInterval(COMMIT_INTERVAL);
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
      try (ProcessWorker worker = new ProcessWorker(process, settings, "127.0.0.1", -1)) {
        worker.start();
        long seen = 0;
        long t10 = 0;
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
            seen10 = seen;
          }
          if (seen >= pages * 9L / 10) {
            t90 = System.nanoTime();
            seen90 = seen;
          }
        }
        return (seen90 - seen10) / ((t90 - t10) / 1e9);
      }
    }
  }

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
