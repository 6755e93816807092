package dev.trawl.fetch.internal.kafka;

import dev.trawl.fetch.internal.kafka.RequestRecords.Decoded;
import dev.trawl.fetch.internal.offsets.OffsetTracker;
import dev.trawl.fetch.internal.outcome.FetchMetrics;
import dev.trawl.fetch.internal.schedule.Backpressure;
import dev.trawl.fetch.internal.schedule.Dispatcher;
import dev.trawl.fetch.internal.schedule.HostQueues;
import dev.trawl.fetch.internal.schedule.Work;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes each polled record in: registers its offset, then queues its request for a fetch, or
 * publishes what it ends in without one (the failure of an invalid URL, the dead letter of a record
 * that is no request), so every consumed record ends in exactly one record. Poll thread only.
 */
public final class RecordIntake {

  private static final Logger log = LoggerFactory.getLogger(RecordIntake.class);

  private final RequestRecords requests = new RequestRecords();
  private final OffsetTracker offsets;
  private final HostQueues<Work> queues;
  private final Backpressure backpressure;
  private final Dispatcher dispatcher;
  private final FetchMetrics metrics;

  public RecordIntake(
      OffsetTracker offsets,
      HostQueues<Work> queues,
      Backpressure backpressure,
      Dispatcher dispatcher,
      FetchMetrics metrics) {
    this.offsets = offsets;
    this.queues = queues;
    this.backpressure = backpressure;
    this.dispatcher = dispatcher;
    this.metrics = metrics;
  }

  /** Takes {@code record} in. */
  public void accept(ConsumerRecord<byte[], byte[]> record) {
    offsets.register(new TopicPartition(record.topic(), record.partition()), record.offset());
    Decoded decoded = requests.decode(record);
    if (decoded instanceof Decoded.Fetch fetch) {
      queues.add(fetch.work().host(), fetch.work());
      backpressure.queued(fetch.work().partition());
    } else if (decoded instanceof Decoded.Unfetchable unfetchable) {
      dispatcher.publishWithoutFetch(unfetchable.work(), unfetchable.why());
    } else if (decoded instanceof Decoded.Undecodable undecodable) {
      log.warn(
          "record {}-{} at offset {} is no request; sent as a dead letter: {}",
          record.topic(),
          record.partition(),
          record.offset(),
          undecodable.letter().letter().getReason());
      metrics.undecodable();
      dispatcher.publishDeadLetter(undecodable.work(), undecodable.letter());
    }
  }
}
