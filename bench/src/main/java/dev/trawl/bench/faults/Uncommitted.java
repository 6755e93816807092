package dev.trawl.bench.faults;

import dev.trawl.bench.roles.PromText;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * How many requests a fetch worker had taken from trawl.urls beyond the offsets its group will
 * resume from: the most outcomes a restart can deliver a second time. Per partition the worker held
 * (its {@code trawl_fetch_offset_consumed} gauge, the next offset it would consume), minus where
 * consumption resumes: the group's committed offset on the broker when there is one, else the
 * worker's own last commit (its {@code trawl_fetch_offset_committed} gauge, which starts at the
 * position it was assigned).
 */
final class Uncommitted {

  private Uncommitted() {}

  /** The sum over the worker's partitions of max(0, consumed - resume offset). */
  static long of(PromText scrape, Map<TopicPartition, Long> groupCommitted) {
    Map<TopicPartition, Long> own = byPartition(scrape, "trawl_fetch_offset_committed");
    long total = 0;
    for (Map.Entry<TopicPartition, Long> consumed :
        byPartition(scrape, "trawl_fetch_offset_consumed").entrySet()) {
      TopicPartition tp = consumed.getKey();
      Long resume = groupCommitted.getOrDefault(tp, own.get(tp));
      if (resume != null && resume >= 0) {
        total += Math.max(0, consumed.getValue() - resume);
      }
    }
    return total;
  }

  private static Map<TopicPartition, Long> byPartition(PromText scrape, String gauge) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (PromText.Sample s : scrape.samples(gauge)) {
      String topic = s.labels().get("topic");
      String partition = s.labels().get("partition");
      if (topic != null && partition != null) {
        offsets.put(new TopicPartition(topic, Integer.parseInt(partition)), (long) s.value());
      }
    }
    return offsets;
  }
}
