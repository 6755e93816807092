package dev.trawl.bench.faults;

import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.ProcessFailure;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The verdicts on a crawl from everything its topics hold (read with read_committed after the crawl
 * ended): every URL with exactly one final outcome but for duplicates within the bound, each URL
 * forwarded once, one document per page result, the statistics exact per host, nothing in the dead
 * letters.
 */
final class CrawlAudit {

  private final CrawlLedger ledger;
  private final LinkGraph graph;
  private final int maxDepth;
  private final double duplicateBound;
  private final List<Check> checks = new ArrayList<>();

  CrawlAudit(CrawlLedger ledger, LinkGraph graph, int maxDepth, double duplicateBound) {
    this.ledger = ledger;
    this.graph = graph;
    this.maxDepth = maxDepth;
    this.duplicateBound = duplicateBound;
    outcomes();
    forwarding();
    documents();
    statistics();
    deadLetters();
  }

  List<Check> checks() {
    return checks;
  }

  /** Outcome records beyond one per URL. */
  long duplicates() {
    return ledger.outcomeRecords() - ledger.settled().size();
  }

  private void outcomes() {
    Set<String> expected = ledger.expected();
    Set<String> settled = ledger.settled();
    Set<String> unexpected = new HashSet<>(settled);
    unexpected.removeAll(expected);
    checks.add(
        new Check(
            "every URL the crawl expects has a final outcome (document or fetch failure)",
            ledger.missing().isEmpty() && unexpected.isEmpty(),
            String.format(
                Locale.ROOT,
                "%,d expected (seeds and followed links of documents), %,d with an outcome, %,d"
                    + " missing%s, %,d outcomes of URLs not expected",
                expected.size(),
                settled.size(),
                ledger.missing().size(),
                sample(ledger.missing()),
                unexpected.size())));
    long outsideGraph = expected.stream().filter(url -> !graph.isWithin(url, maxDepth)).count();
    int within = graph.within(maxDepth - 1);
    long nearMissing =
        expected.size()
            - expected.stream().filter(url -> graph.isWithin(url, maxDepth - 1)).count();
    checks.add(
        new Check(
            "the expected URLs are the site's within the depth (all within "
                + (maxDepth - 1)
                + " links, none beyond "
                + maxDepth
                + ")",
            outsideGraph == 0 && expected.size() - nearMissing == within,
            String.format(
                Locale.ROOT,
                "site: %,d URLs within %d links, %,d within %d; crawl: %,d, all within %d: %s,"
                    + " beyond %d: %,d",
                within,
                maxDepth - 1,
                graph.within(maxDepth),
                maxDepth,
                expected.size(),
                maxDepth - 1,
                expected.size() - nearMissing == within ? "yes" : "no",
                maxDepth,
                outsideGraph)));
    long duplicates = duplicates();
    checks.add(
        new Check(
            "duplicate outcomes within what the killed fetch workers had not committed",
            duplicates <= duplicateBound,
            String.format(
                Locale.ROOT,
                "%,d outcome records for %,d URLs: %,d duplicates, bound %,.0f",
                ledger.outcomeRecords(),
                settled.size(),
                duplicates,
                duplicateBound)));
  }

  private void forwarding() {
    Map<String, Integer> forwarded = ledger.forwarded();
    long repeated = forwarded.values().stream().filter(n -> n > 1).count();
    boolean same = forwarded.keySet().equals(ledger.expected());
    checks.add(
        new Check(
            "trawl.urls holds each expected URL exactly once (seeds and links, read_committed)",
            repeated == 0 && same,
            String.format(
                Locale.ROOT,
                "%,d records, %,d URLs, %,d repeated, same set as expected: %s",
                CrawlLedger.sum(forwarded),
                forwarded.size(),
                repeated,
                same)));
  }

  private void documents() {
    boolean same = ledger.documents().equals(ledger.pages());
    checks.add(
        new Check(
            "one document per page result record (trawl.documents against trawl.pages)",
            same,
            String.format(
                Locale.ROOT,
                "%,d page results, %,d documents, per URL equal: %s",
                CrawlLedger.sum(ledger.pages()),
                CrawlLedger.sum(ledger.documents()),
                same)));
  }

  private void statistics() {
    Map<String, long[]> byHost = new TreeMap<>(); // host -> {distinct URLs, outcome records}
    for (String url : ledger.settled()) {
      long records =
          ledger.documents().getOrDefault(url, 0) + ledger.failures().getOrDefault(url, 0);
      long[] counts = byHost.computeIfAbsent(ledger.host(url), h -> new long[2]);
      counts[0]++;
      counts[1] += records;
    }
    List<String> wrong = new ArrayList<>();
    Map<String, DomainStats> stats = ledger.stats();
    byHost.forEach(
        (host, counts) -> {
          DomainStats s = stats.get(host);
          long counted = s == null ? -1 : CrawlLedger.sum(s.getOutcomes());
          long duplicates = s == null ? -1 : s.getDuplicates();
          if (counted != counts[0] || duplicates != counts[1] - counts[0]) {
            wrong.add(
                String.format(
                    Locale.ROOT,
                    "%s: %d URLs and %d repeats, statistics %d and %d",
                    host,
                    counts[0],
                    counts[1] - counts[0],
                    counted,
                    duplicates));
          }
        });
    boolean sameHosts = stats.keySet().equals(byHost.keySet());
    checks.add(
        new Check(
            "DomainStats exact per host: outcomes = distinct URLs, duplicates = repeats",
            wrong.isEmpty() && sameHosts,
            String.format(
                Locale.ROOT,
                "%d of %d hosts exact, same hosts: %s%s",
                byHost.size() - wrong.size(),
                byHost.size(),
                sameHosts,
                wrong.isEmpty()
                    ? ""
                    : "; " + String.join("; ", wrong.subList(0, Math.min(3, wrong.size()))))));
  }

  private void deadLetters() {
    Map<String, Integer> byStage = new HashMap<>();
    for (ProcessFailure letter : ledger.deadLetters()) {
      byStage.merge(letter.getStage() + " from " + letter.getSourceTopic(), 1, Integer::sum);
    }
    checks.add(
        new Check(
            "no dead letters and no unreadable record on any topic",
            byStage.isEmpty() && ledger.unreadable().isEmpty(),
            String.format(
                Locale.ROOT, "dead letters: %s; unreadable: %s", byStage, ledger.unreadable())));
  }

  private static String sample(Set<String> urls) {
    return urls.isEmpty() ? "" : " (e.g. " + urls.stream().sorted().limit(3).toList() + ")";
  }
}
