package dev.trawl.local;

import dev.trawl.producer.CrawlSpec;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.crawl.CrawlScopes;
import dev.trawl.runtime.crawl.FingerprintSet;
import dev.trawl.runtime.crawl.Urls;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FinalOutcome;
import dev.trawl.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows one crawl through its output topics and tells when it is complete: every expected URL
 * (the seeds, plus every link the process worker follows from a document) has exactly one final
 * outcome (a Document or a FetchFailure), and the per-host statistics have counted them all.
 *
 * <p>The expected set is derived from documents, not read from {@code trawl.urls}: discovered links
 * reach {@code trawl.urls} a transaction after the document that names them, so counting that topic
 * could see a crawl as finished while its last links are still on their way. Reading the links from
 * the document itself has no such window. Used by one thread only.
 */
final class CrawlMonitor implements AutoCloseable {

  private final CrawlSpec crawl;
  private final KafkaConsumer<byte[], byte[]> consumer;

  /**
   * The URLs, by fingerprint, that must have an outcome, that have one, and whose outcome has been
   * reported (not the outcomes: each goes to the sink as it arrives): the run's memory grows by a
   * few dozen bytes per URL, not by a URL or a document. A collision (probability about n²/2⁶⁵, 3
   * in 100 million runs of a million URLs) would end a run one outcome early.
   */
  private final FingerprintSet expected = new FingerprintSet();

  private final FingerprintSet settled = new FingerprintSet();
  private final FingerprintSet reported = new FingerprintSet();

  private final Map<String, DomainStats> stats = new HashMap<>();
  private long outcomeRecords;
  private long duplicateOutcomes;

  CrawlMonitor(KafkaSettings kafka, CrawlSpec crawl, FingerprintSet seeds) {
    this.crawl = crawl;
    this.expected.addAll(seeds);
    Map<String, Object> props = kafka.consumer("unused");
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
    this.consumer =
        new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic :
        List.of(Topics.DOCUMENTS.name(), Topics.FETCH_DLQ.name(), Topics.DOMAIN_STATS.name())) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
    }
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
  }

  /** Reads what has arrived (waiting at most {@code timeout}); new outcomes go to {@code sink}. */
  void poll(Duration timeout, Consumer<Outcome> sink) {
    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
      String topic = record.topic();
      if (topic.equals(Topics.DOCUMENTS.name())) {
        Document doc =
            Topics.DOCUMENTS.valueSerde().deserializer().deserialize(topic, record.value());
        if (doc.getCrawlId().equals(crawl.crawlId())) {
          followedLinks(doc).forEach(expected::add);
          record(Outcome.of(doc), sink);
        }
      } else if (topic.equals(Topics.FETCH_DLQ.name())) {
        FetchFailure failure =
            Topics.FETCH_DLQ.valueSerde().deserializer().deserialize(topic, record.value());
        if (failure.getRequest().getCrawlId().equals(crawl.crawlId())) {
          record(Outcome.of(failure), sink);
        }
      } else if (record.value() != null) {
        DomainStats host =
            Topics.DOMAIN_STATS.valueSerde().deserializer().deserialize(topic, record.value());
        stats.put(host.getHost(), host);
      }
    }
  }

  private void record(Outcome outcome, Consumer<Outcome> sink) {
    outcomeRecords++;
    settledUrls(outcome).forEach(settled::add);
    if (reported.add(outcome.url())) {
      sink.accept(outcome);
    } else {
      duplicateOutcomes++;
    }
  }

  /** True when every expected URL has an outcome and the statistics have counted every outcome. */
  boolean complete() {
    return settled.containsAll(expected) && countedByStats() >= outcomeRecords;
  }

  /** The links the process worker follows from a document of this crawl. */
  private List<String> followedLinks(Document doc) {
    return CrawlScopes.followedLinks(doc, crawl.maxDepth(), crawl.scope()).stream()
        .map(CrawlScopes.Link::url)
        .toList();
  }

  /**
   * The URLs an outcome settles, as the process worker's link discovery marks them seen: the
   * requested URL, and the final URL of a page fetched after a redirect.
   */
  private static List<String> settledUrls(Outcome outcome) {
    List<String> urls = new ArrayList<>(List.of(outcome.url()));
    if (outcome.outcome() == FinalOutcome.FETCHED && outcome.finalUrl() != null) {
      String finalUrl = Urls.normalise(outcome.finalUrl());
      if (finalUrl != null) {
        urls.add(finalUrl);
      }
    }
    return urls;
  }

  /** A count that grows with every outcome record and every outcome the statistics count. */
  long progress() {
    return outcomeRecords + countedByStats();
  }

  /** Outcome records the statistics have seen: each URL once, and its repeats as duplicates. */
  private long countedByStats() {
    return stats.values().stream()
        .mapToLong(
            s ->
                s.getOutcomes().values().stream().mapToLong(Long::longValue).sum()
                    + s.getDuplicates())
        .sum();
  }

  /** Expected URLs that have no outcome yet. */
  long missingCount() {
    return settled.missingFrom(expected);
  }

  int expectedCount() {
    return expected.size();
  }

  int outcomeCount() {
    return reported.size();
  }

  long duplicateOutcomes() {
    return duplicateOutcomes;
  }

  Collection<DomainStats> domainStats() {
    return stats.values();
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
