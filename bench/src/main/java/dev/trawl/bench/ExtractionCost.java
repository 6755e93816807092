package dev.trawl.bench;

import dev.trawl.bench.ParseLoops.Rate;
import dev.trawl.embedded.EmbeddedKafka;
import dev.trawl.process.Extraction;
import dev.trawl.process.PageParser;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.Topics;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code bench/run ProcessBench rules [PAGES] [ROUNDS]}: the CPU a crawl's rules cost per page. The
 * same product pages ({@link ProductPages}: JSON-LD, OpenGraph and microdata on every page) go
 * through the process worker with one stream thread, once under a crawl definition with ten rules
 * and once under one without, and through the parser alone likewise; structured data is read in
 * every run, as it is for every page. Each round measures the four in an order that rotates from
 * round to round, with a raw jsoup loop (the parse work of the worker before structured data and
 * rules: title, description, language, canonical, words, links) as a fifth reference. Figures are
 * medians over rounds, ratios medians of per-round ratios.
 */
final class ExtractionCost {

  /** Target: the rules add at most a quarter to the CPU of a page. */
  private static final double TARGET = 1.25;

  private ExtractionCost() {}

  /** Measures and prints the table; PAGES pages, ROUNDS rounds. */
  static void run(int pages, int rounds, int partitions, String load) throws Exception {
    List<FetchResult> corpus = ProductPages.of(PageCorpus.fetch(pages, partitions));
    long bytes = corpus.stream().mapToLong(r -> r.getBody().remaining()).sum();
    System.err.printf("product corpus: %d pages, %d bytes on average%n", pages, bytes / pages);
    Extraction rules = Extraction.of(ProductPages.definition(true));
    requireEveryField(corpus.get(0), rules);
    for (int i = 0; i < 3; i++) { // warm-up, not measured
      ParseLoops.rawLoop(corpus, 1);
      ParseLoops.parserLoop(corpus, Extraction.NONE);
      ParseLoops.parserLoop(corpus, rules);
    }
    Rate[][] r = new Rate[5][rounds]; // parser plain, parser rules, worker plain, rules, raw
    try (EmbeddedKafka kafka = EmbeddedKafka.startTemporary()) {
      KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers(), Map.of());
      try (Admin admin = Admin.create(settings.admin())) {
        TopicSetup.ensureTopics(admin, partitions, (short) 1, 2 * 1024 * 1024);
      }
      PageCorpus.load(settings, corpus);
      worker(settings, pages, false, "warm-up-plain");
      worker(settings, pages, true, "warm-up-rules");
      for (int round = 0; round < rounds; round++) {
        r[4][round] = ParseLoops.rawLoop(corpus, 1);
        for (int step = 0; step < 4; step++) {
          int which = (step + round) % 4;
          r[which][round] =
              switch (which) {
                case 0 -> ParseLoops.parserLoop(corpus, Extraction.NONE);
                case 1 -> ParseLoops.parserLoop(corpus, rules);
                case 2 -> worker(settings, pages, false, "r" + round + "plain");
                default -> worker(settings, pages, true, "r" + round + "rules");
              };
        }
        System.err.printf(
            "round %d: CPU ms/page parser %.3f, with rules %.3f; worker %.3f, with rules %.3f;"
                + " raw loop %.3f%n",
            round,
            r[0][round].cpuMsPerPage(),
            r[1][round].cpuMsPerPage(),
            r[2][round].cpuMsPerPage(),
            r[3][round].cpuMsPerPage(),
            r[4][round].cpuMsPerPage());
      }
    }
    print(pages, bytes / pages, rounds, load, r);
  }

  /**
   * Fails the benchmark unless every rule finds its value on {@code page}: else it measures less.
   */
  private static void requireEveryField(FetchResult page, Extraction rules) {
    Document doc = new PageParser().parse(page, rules);
    boolean complete =
        doc.getFieldErrors().isEmpty()
            && doc.getFields().size() == ProductPages.RULES.size()
            && doc.getFields().values().stream().noneMatch(List::isEmpty)
            && !doc.getStructured().getProducts().isEmpty();
    System.err.println("fields of the first page: " + doc.getFields());
    if (!complete) {
      throw new IllegalStateException(
          "the rules do not all match the product pages: "
              + doc.getFields()
              + " "
              + doc.getFieldErrors());
    }
  }

  /** The worker's rate with one stream thread, the crawl declared with or without rules. */
  private static Rate worker(KafkaSettings settings, int pages, boolean withRules, String name)
      throws Exception {
    CrawlDefinition definition = ProductPages.definition(withRules);
    try (KafkaProducer<String, CrawlDefinition> producer =
        new KafkaProducer<>(
            settings.producer(),
            Topics.CRAWLS.keySerde().serializer(),
            Topics.CRAWLS.valueSerde().serializer())) {
      producer
          .send(new ProducerRecord<>(Topics.CRAWLS.name(), ProductPages.CRAWL_ID, definition))
          .get(30, TimeUnit.SECONDS);
    }
    // A fresh application reads all of trawl.crawls into its global store before any page.
    return ProcessBench.worker(settings, pages, 1, name);
  }

  private static void print(int pages, long pageBytes, int rounds, String load, Rate[][] r) {
    BenchReport report =
        new BenchReport(
            String.format(
                "Cost of %d extraction rules: %d product pages of ~%d KB (JSON-LD, OpenGraph,"
                    + " microdata), %d interleaved rounds (load average %s before, %s after)",
                ProductPages.RULES.size(),
                pages,
                pageBytes / 1000,
                rounds,
                load,
                ProcessBench.load()),
            "figure",
            "CPU ms/page",
            "reference (same pages, same round)",
            "ref CPU ms/page",
            "figure / reference",
            "target",
            "met");
    String ten = ProductPages.RULES.size() + " rules";
    row(report, "worker, 1 thread, " + ten, r[3], "worker, 1 thread, no rules", r[2], TARGET);
    row(
        report,
        "its stream thread, " + ten,
        stream(r[3]),
        "its stream thread, no rules",
        stream(r[2]),
        TARGET);
    row(report, "PageParser, " + ten, r[1], "PageParser, no rules", r[0], TARGET);
    row(report, "PageParser, " + ten, r[1], "raw jsoup loop, 1 thread", r[4], 0);
    row(report, "PageParser, no rules", r[0], "raw jsoup loop, 1 thread", r[4], 0);
    report.print();
    System.out.printf(
        "%nThe worker's CPU is the whole JVM's (broker included) while it processes the middle"
            + " 80%% of the pages, its stream thread's that thread's alone (parsing, rules, state"
            + " stores, serialisation); the parser's is the parse loop's. Structured data is read in"
            + " every run but the raw loop, which does the parse work of the worker before"
            + " structured data and rules.%n");
  }

  /** The stream threads' CPU of each rate, as the rate's CPU per page. */
  private static Rate[] stream(Rate[] rates) {
    return Arrays.stream(rates)
        .map(r -> new Rate(r.perSecond(), r.streamCpuMsPerPage(), r.streamCpuMsPerPage()))
        .toArray(Rate[]::new);
  }

  private static void row(
      BenchReport report, String figure, Rate[] values, String reference, Rate[] refs, double max) {
    double[] ratios = new double[values.length];
    double[] cpu = new double[values.length];
    double[] refCpu = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      ratios[i] = values[i].cpuMsPerPage() / refs[i].cpuMsPerPage();
      cpu[i] = values[i].cpuMsPerPage();
      refCpu[i] = refs[i].cpuMsPerPage();
    }
    double ratio = BenchReport.median(ratios);
    report.row(
        figure,
        String.format("%.3f", BenchReport.median(cpu)),
        reference,
        String.format("%.3f", BenchReport.median(refCpu)),
        String.format("%.2fx", ratio),
        max == 0 ? "-" : String.format("<= %.2fx", max),
        max == 0 ? "-" : ratio <= max ? "yes" : "no");
  }
}
