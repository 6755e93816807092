package dev.trawl.bench.faults;

import dev.trawl.runtime.crawl.CrawlScopes;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topics;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;

/**
 * What the topics say about one crawl, record by record: the URLs forwarded to the fetchers, every
 * outcome record (page results and fetch failures, repeats included), the documents, the URLs the
 * crawl expects (its seeds and every link followed from its documents, by the process worker's
 * rules), the last statistics per host and the dead letters. Used by one thread.
 */
final class CrawlLedger {

  private final String crawlId;
  private final int maxDepth;
  private final CrawlScope scope;

  private final Map<String, Integer> forwarded = new HashMap<>();
  private final Map<String, Integer> pages = new HashMap<>();
  private final Map<String, Integer> failures = new HashMap<>();
  private final Map<String, Integer> documents = new HashMap<>();
  private final Map<String, String> hosts = new HashMap<>();
  private final Set<String> expected = new HashSet<>();
  private final Map<String, DomainStats> stats = new HashMap<>();
  private final List<ProcessFailure> deadLetters = new ArrayList<>();
  private final Map<String, Integer> unreadable = new HashMap<>();
  private final Map<TopicPartition, Long> lastForwardedOffset = new HashMap<>();

  CrawlLedger(String crawlId, int maxDepth, CrawlScope scope, Collection<String> seeds) {
    this.crawlId = crawlId;
    this.maxDepth = maxDepth;
    this.scope = scope;
    expected.addAll(seeds);
  }

  /** Takes one record of any Trawl topic; one that does not decode is counted as unreadable. */
  void accept(ConsumerRecord<byte[], byte[]> record) {
    String topic = record.topic();
    if (record.value() == null) {
      unreadable.merge(topic, 1, Integer::sum);
      return;
    }
    try {
      if (topic.equals(Topics.URLS.name())) {
        forwarded(Topics.URLS.valueSerde().deserializer().deserialize(topic, record.value()));
        lastForwardedOffset.merge(
            new TopicPartition(topic, record.partition()), record.offset(), Math::max);
      } else if (topic.equals(Topics.PAGES.name())) {
        FetchResult page =
            Topics.PAGES.valueSerde().deserializer().deserialize(topic, record.value());
        count(pages, page.getRequest());
      } else if (topic.equals(Topics.FETCH_DLQ.name())) {
        FetchFailure failure =
            Topics.FETCH_DLQ.valueSerde().deserializer().deserialize(topic, record.value());
        count(failures, failure.getRequest());
      } else if (topic.equals(Topics.DOCUMENTS.name())) {
        document(Topics.DOCUMENTS.valueSerde().deserializer().deserialize(topic, record.value()));
      } else if (topic.equals(Topics.DOMAIN_STATS.name())) {
        DomainStats host =
            Topics.DOMAIN_STATS.valueSerde().deserializer().deserialize(topic, record.value());
        stats.put(host.getHost(), host);
      } else if (topic.equals(Topics.PROCESS_DLQ.name())) {
        deadLetters.add(
            Topics.PROCESS_DLQ.valueSerde().deserializer().deserialize(topic, record.value()));
      }
    } catch (SerializationException e) {
      unreadable.merge(topic, 1, Integer::sum);
    }
  }

  private void forwarded(FetchRequest request) {
    if (request.getCrawlId().equals(crawlId)) {
      forwarded.merge(request.getUrl(), 1, Integer::sum);
      hosts.put(request.getUrl(), request.getHost());
    }
  }

  private void count(Map<String, Integer> records, FetchRequest request) {
    if (request.getCrawlId().equals(crawlId)) {
      records.merge(request.getUrl(), 1, Integer::sum);
      hosts.put(request.getUrl(), request.getHost());
    }
  }

  private void document(Document document) {
    if (!document.getCrawlId().equals(crawlId)) {
      return;
    }
    documents.merge(document.getUrl(), 1, Integer::sum);
    for (CrawlScopes.Link link :
        CrawlScopes.followedLinks(
            document.getOutcome(),
            document.getDepth(),
            maxDepth,
            scope,
            document.getHost(),
            document.getOutlinks())) {
      expected.add(link.url());
    }
  }

  /** URLs with a final outcome downstream: a document or a fetch failure. */
  Set<String> settled() {
    Set<String> settled = new HashSet<>(documents.keySet());
    settled.addAll(failures.keySet());
    return settled;
  }

  /** Outcome records downstream: documents and fetch failures, repeats included. */
  long outcomeRecords() {
    return sum(documents) + sum(failures);
  }

  /** Outcomes the statistics have counted: each URL once, plus the repeats as duplicates. */
  long countedByStats() {
    return stats.values().stream().mapToLong(s -> sum(s.getOutcomes()) + s.getDuplicates()).sum();
  }

  /** Expected URLs without an outcome. */
  Set<String> missing() {
    Set<String> missing = new HashSet<>(expected);
    missing.removeAll(settled());
    return missing;
  }

  Set<String> expected() {
    return expected;
  }

  Map<String, Integer> forwarded() {
    return forwarded;
  }

  Map<String, Integer> pages() {
    return pages;
  }

  Map<String, Integer> failures() {
    return failures;
  }

  Map<String, Integer> documents() {
    return documents;
  }

  Map<String, DomainStats> stats() {
    return stats;
  }

  List<ProcessFailure> deadLetters() {
    return deadLetters;
  }

  Map<String, Integer> unreadable() {
    return unreadable;
  }

  /** The host of a URL of the crawl, from its request. */
  String host(String url) {
    return hosts.get(url);
  }

  /** The offset of the last request of the crawl in each partition of trawl.urls. */
  Map<TopicPartition, Long> lastForwardedOffsets() {
    return lastForwardedOffset;
  }

  static long sum(Map<?, ? extends Number> counts) {
    return counts.values().stream().mapToLong(Number::longValue).sum();
  }
}
