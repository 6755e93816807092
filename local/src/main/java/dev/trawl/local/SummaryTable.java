package dev.trawl.local;

import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.FinalOutcome;
import dev.trawl.schemas.LatencyBuckets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Renders per-host statistics as a plain-text table for the end of a local run. */
final class SummaryTable {

  private static final String ROW = "%-22s %8s %10s %7s %7s %7s %7s %8s %9s %9s%n";

  private SummaryTable() {}

  static String render(Collection<DomainStats> hosts) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            ROW, "host", "pages", "MB", "2xx", "3xx", "4xx", "5xx", "failed", "mean ms",
            "p95 ms~"));
    List<DomainStats> sorted =
        hosts.stream().sorted(Comparator.comparing(DomainStats::getHost)).toList();
    DomainStats total = DomainStats.newBuilder().setHost("total").build();
    for (DomainStats host : sorted) {
      out.append(row(host));
      add(total, host);
    }
    if (sorted.size() > 1) {
      out.append(row(total));
    }
    return out.toString();
  }

  private static String row(DomainStats s) {
    Map<String, Long> classes = s.getStatusClasses();
    long measured = s.getLatencyBuckets().stream().mapToLong(Long::longValue).sum();
    long p95 = LatencyBuckets.quantileUpperBoundMs(s.getLatencyBuckets(), 0.95);
    return String.format(
        ROW,
        s.getHost(),
        s.getPages(),
        String.format("%.1f", s.getBytes() / 1e6),
        classes.getOrDefault("2xx", 0L),
        classes.getOrDefault("3xx", 0L),
        classes.getOrDefault("4xx", 0L),
        classes.getOrDefault("5xx", 0L),
        s.getOutcomes().getOrDefault(FinalOutcome.FAILED.name(), 0L),
        measured == 0 ? "-" : String.valueOf(s.getLatencySumMs() / measured),
        p95 < 0 ? "-" : p95 == Long.MAX_VALUE ? ">30000" : "<=" + p95);
  }

  private static void add(DomainStats total, DomainStats s) {
    total.setPages(total.getPages() + s.getPages());
    total.setBytes(total.getBytes() + s.getBytes());
    total.setLatencySumMs(total.getLatencySumMs() + s.getLatencySumMs());
    total.setStatusClasses(sum(total.getStatusClasses(), s.getStatusClasses()));
    total.setOutcomes(sum(total.getOutcomes(), s.getOutcomes()));
    List<Long> buckets = new ArrayList<>(total.getLatencyBuckets());
    for (int i = 0; i < s.getLatencyBuckets().size(); i++) {
      if (i < buckets.size()) {
        buckets.set(i, buckets.get(i) + s.getLatencyBuckets().get(i));
      } else {
        buckets.add(s.getLatencyBuckets().get(i));
      }
    }
    total.setLatencyBuckets(buckets);
  }

  private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
    Map<String, Long> sum = new TreeMap<>(a);
    b.forEach((k, v) -> sum.merge(k, v, Long::sum));
    return sum;
  }
}
