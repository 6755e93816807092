package dev.trawl.fetch.internal.schedule;

import dev.trawl.fetch.internal.decode.BodyBudget;
import dev.trawl.fetch.internal.offsets.OffsetTracker;
import dev.trawl.fetch.internal.outcome.FetchMetrics;
import dev.trawl.fetch.internal.outcome.Outcome;
import dev.trawl.fetch.internal.outcome.OutcomePublisher;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;

/**
 * Where each piece of work stands from its start until Kafka has stored the record it ends in: how
 * many are outstanding, how many outcomes wait for the producer (at most the in-flight limit, so no
 * fetch starts while that many wait), and which partitions' outcomes are dropped. A body stays
 * counted in the body budget until its outcome is stored (or will never be), because the outcome
 * keeps it for a resend. An outcome stored completes its offset.
 *
 * <p>Thread-safety: atomics and a concurrent set; the listener methods run on the publisher thread,
 * the producer's I/O thread and the resend timer's thread.
 */
final class OutcomeFlow implements OutcomePublisher.Listener<Work> {

  /** What the flow asks of its owner. */
  interface Owner {
    /** Starts what the limits allow now: an outcome left the producer's waiting line. */
    void dispatch();

    /** A record will never be stored, and no resend cures it: offsets would stall. */
    void failed(Exception cause);
  }

  private final BodyBudget budget;
  private final OffsetTracker offsets;
  private final Owner owner;
  private final OutcomePublisher<Work> publisher;

  /** Work started (or published without a fetch) whose outcome is not yet stored or abandoned. */
  private final AtomicInteger outstanding = new AtomicInteger();

  /** Outcomes given to the publisher and not yet taken by the producer. */
  private final AtomicInteger unpublished = new AtomicInteger();

  /** At most this many {@link #unpublished} outcomes: the in-flight limit. */
  private final int maxUnpublished;

  /** Set when a start was refused at {@link #maxUnpublished}; the next hand-off dispatches. */
  private final AtomicBoolean waitingForPublisher = new AtomicBoolean();

  /** Outcomes stored by Kafka. */
  private final AtomicLong completed = new AtomicLong();

  /** Partitions whose outcomes are dropped (revoked, grace over); written by the poll thread. */
  private final Set<TopicPartition> dropping = ConcurrentHashMap.newKeySet();

  OutcomeFlow(
      int maxUnpublished,
      BodyBudget budget,
      OffsetTracker offsets,
      OutcomePublisher.Target target,
      FetchMetrics metrics,
      Owner owner) {
    this.maxUnpublished = maxUnpublished;
    this.budget = budget;
    this.offsets = offsets;
    this.owner = owner;
    metrics.outcomesWaiting(unpublished::get);
    this.publisher = new OutcomePublisher<>(target, metrics, this);
  }

  /** Counts work as started: it ends in a stored or abandoned outcome, or in {@link #ended}. */
  void started() {
    outstanding.incrementAndGet();
  }

  /** Ends started work without an outcome (a retry queued, or dropped). */
  void ended() {
    outstanding.decrementAndGet();
  }

  /** True when fewer outcomes than the bound wait for the producer; else a hand-off wakes. */
  boolean admits() {
    if (unpublished.get() < maxUnpublished) {
      return true;
    }
    waitingForPublisher.set(true);
    // A hand-off between the check and the flag would not wake anyone: look again.
    return unpublished.get() < maxUnpublished && waitingForPublisher.compareAndSet(true, false);
  }

  /** Queues the outcome of started work; when closed it is dropped and its body released. */
  boolean publish(Outcome outcome, Work work) {
    unpublished.incrementAndGet();
    if (publisher.publish(outcome, work)) {
      return true;
    }
    unpublished.decrementAndGet();
    budget.release(outcome.bodyBytes());
    outstanding.decrementAndGet();
    return false;
  }

  /** Outcomes of {@code partitions} from now on are dropped, not published. */
  void drop(Collection<TopicPartition> partitions) {
    dropping.addAll(partitions);
  }

  /** Outcomes of {@code partitions} (assigned again) are published again. */
  void keep(Collection<TopicPartition> partitions) {
    dropping.removeAll(partitions);
  }

  /** True when outcomes of {@code work}'s partition are dropped. */
  boolean dropped(Work work) {
    return dropping.contains(work.partition());
  }

  int outstanding() {
    return outstanding.get();
  }

  long completed() {
    return completed.get();
  }

  /** True unless outcomes wait to be sent again after a transient failure. */
  boolean flowing() {
    return publisher.resending() == 0;
  }

  /** Hands every outcome already queued to the producer; later ones, and resends, are dropped. */
  void close() {
    publisher.close();
  }

  @Override
  public void handedOff(Work work) {
    unpublished.decrementAndGet();
    if (waitingForPublisher.compareAndSet(true, false)) {
      owner.dispatch();
    }
  }

  @Override
  public void waitingAgain(Work work) {
    unpublished.incrementAndGet();
  }

  @Override
  public void acknowledged(Work work, Outcome outcome) {
    offsets.complete(work.partition(), work.offset());
    completed.incrementAndGet();
    budget.release(outcome.bodyBytes());
    outstanding.decrementAndGet();
  }

  @Override
  public void abandoned(Work work, Outcome outcome, Exception fatal) {
    budget.release(outcome.bodyBytes());
    outstanding.decrementAndGet();
    if (fatal != null) {
      owner.failed(fatal);
    }
  }

  @Override
  public void replaced(Work work, Outcome refused) {
    budget.release(refused.bodyBytes());
  }

  @Override
  public boolean wanted(Work work) {
    return !dropped(work);
  }
}
