package dev.trawl.bench.faults;

import dev.trawl.schemas.Document;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Where each hostile record went, from what the output topics hold (read_committed): a dead letter
 * that names its topic, partition and offset, or a record of its own crawl downstream (a forwarded
 * request, an outcome, a document) with its size, or, for a fetch failure, the statistics of its
 * host. Also which crawls have a document. Used by one thread.
 */
final class PoisonEvidence {

  /** The topics a worker reads, each of which gets the hostile records. */
  static final List<String> READ_TOPICS =
      List.of(
          Topics.SEEDS.name(),
          Topics.URLS.name(),
          Topics.PAGES.name(),
          Topics.FETCH_DLQ.name(),
          Poison.SIGHTINGS);

  /** The topics that show where they went. */
  static final List<String> TOPICS =
      List.of(
          Topics.PROCESS_DLQ.name(),
          Topics.URLS.name(),
          Topics.PAGES.name(),
          Topics.FETCH_DLQ.name(),
          Topics.DOCUMENTS.name(),
          Topics.DOMAIN_STATS.name());

  /** The host of the oversized fetch failure, which no other record has. */
  private static final String FAILURE_HOST = "127.0.0.9";

  private final Map<Poison, RecordMetadata> sent = new LinkedHashMap<>();
  private final Map<Poison, List<String>> landings = new LinkedHashMap<>();
  private final Set<String> documentedCrawls = new HashSet<>();

  void expect(Poison poison, RecordMetadata metadata) {
    sent.put(poison, metadata);
    landings.put(poison, new ArrayList<>());
  }

  /** Reads until {@code done} holds; false if it does not within {@code timeout}. */
  boolean await(TopicFeed feed, Predicate<PoisonEvidence> done, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.test(this)) {
      if (System.nanoTime() - deadline > 0) {
        return false;
      }
      feed.poll(Duration.ofMillis(500), this::accept);
    }
    return true;
  }

  boolean documented(String crawlId) {
    return documentedCrawls.contains(crawlId);
  }

  long landed() {
    return landings.values().stream().filter(l -> !l.isEmpty()).count();
  }

  boolean allLanded() {
    return landed() == landings.size();
  }

  /** One row per hostile record: topic, kind, bytes, where it landed. */
  List<String[]> rows() {
    List<String[]> rows = new ArrayList<>();
    landings.forEach(
        (poison, landed) ->
            rows.add(
                new String[] {
                  poison.topic(),
                  poison.kind(),
                  String.format(Locale.ROOT, "%,d", poison.value().length),
                  landed.isEmpty() ? "**nowhere**" : String.join("; ", landed)
                }));
    return rows;
  }

  private void accept(ConsumerRecord<byte[], byte[]> record) {
    try {
      read(record);
    } catch (SerializationException e) {
      // The garbage written to trawl.urls, trawl.pages and trawl.fetch-dlq, read here too.
    }
  }

  private void read(ConsumerRecord<byte[], byte[]> record) {
    String topic = record.topic();
    byte[] value = record.value();
    if (value == null) {
      return;
    }
    if (topic.equals(Topics.PROCESS_DLQ.name())) {
      deadLetter(Topics.PROCESS_DLQ.valueSerde().deserializer().deserialize(topic, value), value);
    } else if (topic.equals(Topics.URLS.name())) {
      FetchRequest request = Topics.URLS.valueSerde().deserializer().deserialize(topic, value);
      ofCrawl(topic, request.getCrawlId(), "forwarded to trawl.urls", value.length);
    } else if (topic.equals(Topics.PAGES.name())) {
      FetchResult page = Topics.PAGES.valueSerde().deserializer().deserialize(topic, value);
      ofCrawl(topic, page.getRequest().getCrawlId(), "outcome on trawl.pages", value.length);
    } else if (topic.equals(Topics.FETCH_DLQ.name())) {
      FetchFailure failure = Topics.FETCH_DLQ.valueSerde().deserializer().deserialize(topic, value);
      ofCrawl(topic, failure.getRequest().getCrawlId(), "outcome on trawl.fetch-dlq", value.length);
    } else if (topic.equals(Topics.DOCUMENTS.name())) {
      Document document = Topics.DOCUMENTS.valueSerde().deserializer().deserialize(topic, value);
      documentedCrawls.add(document.getCrawlId());
      ofCrawl(topic, document.getCrawlId(), "document", value.length);
    } else if (topic.equals(Topics.DOMAIN_STATS.name())) {
      DomainStats stats = Topics.DOMAIN_STATS.valueSerde().deserializer().deserialize(topic, value);
      if (stats.getHost().equals(FAILURE_HOST)) {
        landings.forEach(
            (poison, landed) -> {
              if (poison.topic().equals(Topics.FETCH_DLQ.name())
                  && poison.crawlId() != null
                  && landed.stream().noneMatch(l -> l.startsWith("counted"))) {
                landed.add("counted in DomainStats of " + FAILURE_HOST);
              }
            });
      }
    }
  }

  private void deadLetter(ProcessFailure letter, byte[] value) {
    sent.forEach(
        (poison, metadata) -> {
          if (poison.topic().equals(String.valueOf(letter.getSourceTopic()))
              && letter.getPartition() == metadata.partition()
              && letter.getOffset() == metadata.offset()) {
            String reason = letter.getReason();
            landings
                .get(poison)
                .add(
                    String.format(
                        Locale.ROOT,
                        "trawl.process-dlq, stage %s, %,d bytes: %s",
                        letter.getStage(),
                        value.length,
                        reason.length() > 90 ? reason.substring(0, 90) + "..." : reason));
          }
        });
  }

  /** A record of a poison's crawl on {@code topic}: not the poison itself, read back. */
  private void ofCrawl(String topic, String crawlId, String what, int bytes) {
    landings.forEach(
        (poison, landed) -> {
          if (crawlId.equals(poison.crawlId()) && !topic.equals(poison.topic())) {
            landed.add(String.format(Locale.ROOT, "%s (%,d bytes)", what, bytes));
          }
        });
  }
}
