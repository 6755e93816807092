package dev.trawl.bench.faults;

import dev.trawl.bench.BenchReport;
import dev.trawl.bench.roles.TrawlJar;
import dev.trawl.embedded.DemoSite;
import dev.trawl.runtime.crawl.Urls;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * One crawl through the whole fleet, every role in a JVM of its own as {@code ./trawl} runs it (the
 * embedded broker, 3 fetch workers, 2 process workers), against the demo site in this JVM on
 * loopback, while faults are done to it: three fetch workers killed with SIGKILL, one process
 * worker killed, the broker stopped and started again on its port and data; each worker is started
 * again 2 s after its kill. Then, with no manual step, the topics are read with read_committed and
 * checked: every URL of the crawl has exactly one final outcome downstream, but for duplicates no
 * more than the killed fetch workers had consumed and not committed (read from their /metrics just
 * before each kill and at the broker's stop, less the group's commits); trawl.urls holds each URL
 * once; one document per page result; the per-host statistics count each URL once and the repeats
 * as duplicates; no dead letters. Exits 1 when a check fails.
 *
 * <p>The crawl: {@code -Dfaults.seeds=300} seeds spread over {@code -Dfaults.hosts=20} hosts of
 * {@code -Dfaults.pagesPerHost=1500} pages (~38 KB, 50 ms latency, 2% answering 500 and retried, 1%
 * 404), followed to depth {@code -Dfaults.depth=2} with scope ANY: some 29,000 URLs. Topics have
 * {@code -Dfaults.partitions=12} partitions. Logs of every role and the broker's data go to {@code
 * -Dbench.out=DIR} (default a temporary folder, deleted after a run whose checks all held).
 */
public final class FaultBench {

  private static final Path REPO = Path.of(System.getProperty("bench.repo", ".")).toAbsolutePath();
  private static final int SEEDS = Integer.getInteger("faults.seeds", 300);
  private static final int HOSTS = Integer.getInteger("faults.hosts", 20);
  private static final int PAGES_PER_HOST = Integer.getInteger("faults.pagesPerHost", 1_500);
  private static final int DEPTH = Integer.getInteger("faults.depth", 2);
  private static final int PARTITIONS = Integer.getInteger("faults.partitions", 12);
  private static final int FETCH_WORKERS = Integer.getInteger("faults.fetchWorkers", 3);
  private static final int PROCESS_WORKERS = Integer.getInteger("faults.processWorkers", 2);
  private static final CrawlScope SCOPE = CrawlScope.ANY;
  private static final Duration TIMEOUT = Duration.ofMinutes(Long.getLong("faults.minutes", 20));

  private FaultBench() {}

  public static void main(String[] args) throws Exception {
    // A folder of its own per run: a broker started on an earlier run's data would count that
    // run's records in the statistics.
    Path out =
        System.getProperty("bench.out") != null
            ? Files.createDirectories(
                Path.of(System.getProperty("bench.out"), "faults-" + System.currentTimeMillis()))
            : Files.createTempDirectory("fault-bench");
    TrawlJar jar = TrawlJar.build(REPO);
    boolean held;
    try (DemoSite site =
        DemoSite.start(
            DemoSite.Options.defaults().withHosts(HOSTS).withPagesPerHost(PAGES_PER_HOST))) {
      List<String> seeds = site.pageUrls(SEEDS).stream().map(Urls::normalise).toList();
      long graphStart = System.nanoTime();
      LinkGraph graph = LinkGraph.read(site, seeds, DEPTH, SCOPE);
      System.err.printf(
          Locale.ROOT,
          "The site: %,d URLs within %d links of the %d seeds, %,d within %d (read in %.1f s)%n",
          graph.within(DEPTH - 1),
          DEPTH - 1,
          seeds.size(),
          graph.within(DEPTH),
          DEPTH,
          (System.nanoTime() - graphStart) / 1e9);
      Path seedFile = Files.write(out.resolve("seeds.txt"), seeds);
      held = crawl(jar, out, seeds, seedFile, graph);
    }
    System.out.printf("%nLogs of every role: %s%n", out);
    if (held && System.getProperty("bench.out") == null) {
      deleteRecursively(out);
    }
    System.exit(held ? 0 : 1);
  }

  /** Runs the crawl with its faults and checks it; true when every check held. */
  private static boolean crawl(
      TrawlJar jar, Path out, List<String> seeds, Path seedFile, LinkGraph graph) throws Exception {
    String crawlId = "faults-" + System.currentTimeMillis();
    try (Fleet fleet = Fleet.startBroker(jar, out, PARTITIONS)) {
      // Seeds first, so that each is crawled at depth 0 (see LinkGraph).
      fleet.produce(
          List.of(
              "--urls=" + seedFile,
              "--crawl-id=" + crawlId,
              "--depth=" + DEPTH,
              "--scope=" + SCOPE,
              "--no-progress"));
      fleet.startProcessors(PROCESS_WORKERS, List.of("-Xmx1280m"));
      fleet.startFetchers(FETCH_WORKERS, List.of("-Xmx1g"));
      FaultRun.Result result;
      try (TopicFeed live =
              new TopicFeed(
                  fleet.bootstrapServers(),
                  List.of(
                      Topics.DOCUMENTS.name(),
                      Topics.FETCH_DLQ.name(),
                      Topics.DOMAIN_STATS.name(),
                      Topics.URLS.name()));
          GroupOffsets groups = new GroupOffsets(fleet.bootstrapServers())) {
        CrawlLedger progress = new CrawlLedger(crawlId, DEPTH, SCOPE, seeds);
        result =
            new FaultRun(
                    fleet, progress, live, groups, graph.within(DEPTH), Fault.plan(FETCH_WORKERS))
                .run(TIMEOUT);
      }
      CrawlLedger ledger = new CrawlLedger(crawlId, DEPTH, SCOPE, seeds);
      try (TopicFeed all =
          new TopicFeed(
              fleet.bootstrapServers(), Topics.all().stream().map(t -> t.name()).toList())) {
        if (!all.readToEnd(Duration.ofMinutes(5), ledger::accept)) {
          throw new IllegalStateException("could not read the topics to their end");
        }
      }
      boolean workersUp = fleet.workers().stream().allMatch(w -> w.alive() && w.ready());
      return report(result, ledger, graph, workersUp);
    }
  }

  private static boolean report(
      FaultRun.Result result, CrawlLedger ledger, LinkGraph graph, boolean workersUp) {
    double bound =
        result.faults().stream()
            .mapToDouble(Fault.Done::uncommitted)
            .filter(v -> !Double.isNaN(v))
            .sum();
    CrawlAudit audit = new CrawlAudit(ledger, graph, DEPTH, bound);
    BenchReport faults =
        new BenchReport(
            "Faults (held: what the fetch worker's /metrics showed just before SIGKILL)",
            "at share",
            "at s",
            "fault",
            "in flight",
            "buffered",
            "outcomes waiting",
            "taken beyond the group's commit",
            "down s",
            "back at work after s");
    result.faults().forEach(f -> faults.row(f.cells()));
    faults.print();
    BenchReport figures =
        new BenchReport(
            String.format(
                Locale.ROOT,
                "Crawl under faults: %d seeds, depth %d, scope %s, %d hosts, %d fetch and %d process"
                    + " workers, %d partitions",
                SEEDS,
                DEPTH,
                SCOPE,
                HOSTS,
                FETCH_WORKERS,
                PROCESS_WORKERS,
                PARTITIONS),
            "check",
            "held",
            "figures");
    List<Check> checks = new java.util.ArrayList<>(audit.checks());
    checks.add(
        new Check(
            "the crawl ended, with no manual step",
            result.complete(),
            String.format(Locale.ROOT, "%.1f s from the first worker's start", result.seconds())));
    checks.add(
        new Check(
            "no worker exited on its own; every worker alive and ready at the end",
            result.unplannedExits().isEmpty() && workersUp,
            result.unplannedExits().isEmpty()
                ? "none"
                : String.join("; ", result.unplannedExits())));
    checks.forEach(c -> figures.row(c.cells()));
    figures.print();
    return checks.stream().allMatch(Check::held);
  }

  private static void deleteRecursively(Path dir) throws java.io.IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
