package dev.trawl.fetch.internal.kafka;

import dev.trawl.fetch.internal.offsets.OffsetCommitter;
import dev.trawl.fetch.internal.offsets.OffsetTracker;
import dev.trawl.fetch.internal.schedule.Backpressure;
import dev.trawl.fetch.internal.schedule.Dispatcher;
import dev.trawl.fetch.internal.schedule.HostQueues;
import dev.trawl.fetch.internal.schedule.Work;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the fetch worker's queues and offsets in step with its assignment. On revocation nothing
 * more starts for those partitions, fetches in flight get the revoke grace to finish, what is
 * complete is committed and later outcomes are dropped. Runs on the poll thread only.
 */
public final class RebalanceHandler implements ConsumerRebalanceListener {

  private static final Logger log = LoggerFactory.getLogger(RebalanceHandler.class);

  private final Consumer<byte[], byte[]> consumer;
  private final HostQueues<Work> queues;
  private final OffsetTracker offsets;
  private final OffsetCommitter committer;
  private final Dispatcher dispatcher;
  private final Backpressure backpressure;
  private final Duration revokeGrace;
  private final BooleanSupplier stopRequested;

  /** Written here (poll thread); read by the worker's accessors from any thread. */
  private final AtomicInteger assignedPartitions;

  public RebalanceHandler(
      Consumer<byte[], byte[]> consumer,
      HostQueues<Work> queues,
      OffsetTracker offsets,
      OffsetCommitter committer,
      Dispatcher dispatcher,
      Backpressure backpressure,
      Duration revokeGrace,
      BooleanSupplier stopRequested,
      AtomicInteger assignedPartitions) {
    this.consumer = consumer;
    this.queues = queues;
    this.offsets = offsets;
    this.committer = committer;
    this.dispatcher = dispatcher;
    this.backpressure = backpressure;
    this.revokeGrace = revokeGrace;
    this.stopRequested = stopRequested;
    this.assignedPartitions = assignedPartitions;
  }

  @Override
  public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
    if (partitions.isEmpty()) {
      return;
    }
    // Nothing new starts for these partitions; fetches in flight get the grace to finish.
    int notStarted = queues.removeIf(work -> partitions.contains(work.partition())).size();
    long deadline = System.nanoTime() + revokeGrace.toNanos();
    // When stopping, the worker's drain has already waited out the shutdown grace.
    boolean finished =
        stopRequested.getAsBoolean() || offsets.awaitPending(partitions, notStarted, deadline);
    dispatcher.drop(partitions);
    if (!finished) {
      log.info(
          "revocation grace over: {} fetches of {} dropped",
          offsets.pending(partitions) - notStarted,
          partitions);
    }
    committer.commitSync(offsets.committable(partitions));
    offsets.revoke(partitions);
    backpressure.revoked(partitions);
    assignedPartitions.addAndGet(-partitions.size());
    log.info("partitions revoked: {}", partitions);
  }

  @Override
  public void onPartitionsLost(Collection<TopicPartition> partitions) {
    dispatcher.drop(partitions);
    queues.removeIf(work -> partitions.contains(work.partition()));
    offsets.revoke(partitions);
    backpressure.revoked(partitions);
    assignedPartitions.addAndGet(-partitions.size());
    log.warn("partitions lost: {}", partitions);
  }

  @Override
  public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
    if (stopRequested.getAsBoolean()) {
      consumer.pause(partitions);
    }
    dispatcher.keep(partitions);
    backpressure.assigned(partitions);
    assignedPartitions.addAndGet(partitions.size());
    if (!partitions.isEmpty()) {
      log.info("partitions assigned: {}", partitions);
    }
  }
}
