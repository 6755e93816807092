package dev.trawl.fetch;

import dev.trawl.fetch.internal.http.PageFetcher;
import dev.trawl.fetch.internal.http.RobotsCache;
import dev.trawl.fetch.internal.kafka.KafkaClients;
import dev.trawl.fetch.internal.kafka.RebalanceHandler;
import dev.trawl.fetch.internal.kafka.RecordIntake;
import dev.trawl.fetch.internal.offsets.OffsetCommitter;
import dev.trawl.fetch.internal.offsets.OffsetTracker;
import dev.trawl.fetch.internal.outcome.FetchMetrics;
import dev.trawl.fetch.internal.outcome.OutcomePublisher;
import dev.trawl.fetch.internal.schedule.Backpressure;
import dev.trawl.fetch.internal.schedule.Dispatcher;
import dev.trawl.fetch.internal.schedule.HostQueues;
import dev.trawl.fetch.internal.schedule.Retries;
import dev.trawl.fetch.internal.schedule.Work;
import dev.trawl.runtime.Health;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.net.HostResolver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fetch worker: one Kafka consumer polled by one thread, fetching with many requests in flight,
 * publishing exactly one outcome per consumed record (a dead letter for one that is no request),
 * and committing at least once: an offset is committed only when every record below it has its
 * outcome acknowledged by Kafka. No failed publish stops it: transient failures are sent again
 * until Kafka takes them (readiness drops meanwhile), a record Kafka refuses for good is replaced
 * by its smallest form; only a failure no resend cures (authorisation, a broken producer) stops it.
 * Retries wait in the host queues with a not-before time, so their offsets stay incomplete until
 * the final outcome. On revocation, nothing more starts for the revoked partitions, fetches in
 * flight get the revoke grace to finish, what is complete is committed, and later outcomes of those
 * fetches are dropped.
 *
 * <p>Threads: the poll thread owns the consumer (poll, pause, commit, rebalance callbacks); HTTP
 * client threads turn responses into outcomes, free the fetch's slot and start the next fetches;
 * the publisher thread hands outcomes to the producer; the producer's I/O thread marks offsets
 * complete. Another thread may call only {@link #close}, {@link #requestStop} and the accessors.
 */
public final class FetchWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FetchWorker.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
  private static final Duration CLIENT_CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final FetchSettings settings;
  private final FetchTopics topics;
  private final Health health = new Health();

  /** Thread-safe (synchronized). */
  private final HostQueues<Work> queues;

  /** Thread-safe (synchronized). */
  private final OffsetTracker offsets = new OffsetTracker();

  /** Confined to the poll thread once started, except {@code wakeup()}. */
  private final Consumer<byte[], byte[]> consumer;

  /** Poll thread only. */
  private final OffsetCommitter committer;

  private final Producer<byte[], byte[]> producer;
  private final PageFetcher fetcher;
  private final Dispatcher dispatcher;
  private final FetchMetrics metrics;
  private final List<KafkaClientMetrics> clientMetrics;
  private final RecordIntake intake;
  private final Thread pollThread;
  private final CountDownLatch terminated = new CountDownLatch(1);

  /** Thread-safe; see the class. */
  private final Backpressure backpressure;

  /** Written by the poll thread (rebalance callbacks); read by {@link #assignedPartitions()}. */
  private final AtomicInteger assignedPartitions = new AtomicInteger();

  /** Set by a dispatching thread when it wakes the poll to resume; cleared by the poll thread. */
  private final AtomicBoolean resumeWakeupSent = new AtomicBoolean();

  /** Written by {@link #requestStop} (any thread); read by the poll thread. */
  private volatile boolean stopRequested;

  private volatile long stopDeadlineNanos;

  /** Why the worker stopped on its own, or null; first writer wins. */
  private volatile Throwable failure;

  /**
   * Creates the clients for Trawl's topics with the address guard of {@code settings.egress()} (on
   * by default: public addresses only); nothing is consumed before {@link #start()}.
   */
  public FetchWorker(FetchSettings settings, KafkaSettings kafka, MeterRegistry registry) {
    this(
        settings,
        FetchTopics.TRAWL,
        kafka,
        registry,
        settings.egress().addressCheck(),
        HostResolver.SYSTEM);
  }

  /**
   * Creates the clients for {@code topics}; every host name is resolved by {@code resolver}, and
   * every connection (redirects included) goes only to addresses {@code addressCheck} allows of
   * those it gives. Nothing is consumed before {@link #start()}.
   */
  public FetchWorker(
      FetchSettings settings,
      FetchTopics topics,
      KafkaSettings kafka,
      MeterRegistry registry,
      AddressCheck addressCheck,
      HostResolver resolver) {
    this.settings = settings;
    this.topics = topics;
    FetchPolicy policy = settings.policy();
    this.queues =
        new HostQueues<>(
            settings.maxInFlight(), settings.hostMaxInFlight(), policy.hostDelay().toNanos());
    this.backpressure = new Backpressure(settings.maxBuffered());
    this.metrics =
        new FetchMetrics(registry, queues::inFlight, queues::buffered, backpressure::pausedCount);
    metrics.hostQueues(
        queues::hostsWithWork, () -> queues.oldestWaitNanos(System.nanoTime()) / 1e9);
    this.consumer = KafkaClients.consumer(kafka, settings.groupId());
    this.producer = KafkaClients.producer(kafka, settings.contentLimitBytes());
    this.clientMetrics =
        List.of(new KafkaClientMetrics(consumer), new KafkaClientMetrics(producer));
    clientMetrics.forEach(m -> m.bindTo(registry));
    this.committer = new OffsetCommitter(consumer, offsets, settings.commitInterval());
    this.fetcher = new PageFetcher(settings.fetcherOptions(), addressCheck, registry, resolver);
    this.dispatcher =
        dispatcher(
            policy,
            new OutcomePublisher.Target(
                producer,
                topics.pages(),
                topics.dlq(),
                topics.processDlq(),
                KafkaClients.maxRequestBytes(kafka, settings.contentLimitBytes())));
    this.intake = new RecordIntake(offsets, queues, backpressure, dispatcher, metrics);
    this.pollThread = new Thread(this::run, "trawl-fetch-poll");
  }

  /** The dispatcher of this worker's fetches, with the retries and robots.txt of {@code policy}. */
  private Dispatcher dispatcher(FetchPolicy policy, OutcomePublisher.Target kafka) {
    Retries retries =
        new Retries(
            policy.maxAttempts(),
            policy.retryBaseDelay(),
            policy.retryMaxDelay(),
            () -> ThreadLocalRandom.current().nextDouble());
    RobotsCache robots =
        policy.robots()
            ? new RobotsCache(
                fetcher::fetchRobots,
                policy.robotsAgent(),
                System::nanoTime,
                (failures, retryAfter) ->
                    retries.backoffNanos(failures, retryAfter, System.currentTimeMillis()))
            : null;
    return new Dispatcher(
        queues,
        fetcher,
        robots,
        retries,
        System::nanoTime,
        kafka,
        offsets,
        metrics,
        new Dispatcher.Events() {
          @Override
          public void started(Work work) {
            wakeUpToResume(work);
          }

          @Override
          public void failed(Exception cause) {
            fail(cause);
          }
        });
  }

  /** Starts consuming on the worker's own thread. */
  public synchronized void start() {
    if (pollThread.getState() != Thread.State.NEW) {
      throw new IllegalStateException("the fetch worker was already started");
    }
    pollThread.start();
  }

  /**
   * Stops polling, lets fetches in flight finish within {@code grace}, publishes their outcomes,
   * commits what is complete and closes every client. Fetches still running after the grace are
   * abandoned without an outcome: their records are consumed again by the next owner.
   */
  public void close(Duration grace) {
    if (terminated.getCount() == 0) {
      return;
    }
    synchronized (this) {
      if (pollThread.getState() == Thread.State.NEW) {
        closeClients();
        terminated.countDown();
        return;
      }
    }
    requestStop(grace);
    awaitTermination(grace.plus(Duration.ofSeconds(60)));
  }

  /** Closes with the configured shutdown grace. */
  @Override
  public void close() {
    close(settings.shutdownGrace());
  }

  /** Asks the worker to stop within {@code grace}, without waiting. */
  public void requestStop(Duration grace) {
    if (stopRequested || terminated.getCount() == 0) {
      return;
    }
    stopDeadlineNanos = System.nanoTime() + grace.toNanos();
    stopRequested = true;
    consumer.wakeup();
  }

  /** Waits until the worker has stopped; true if it did within {@code timeout}. */
  public boolean awaitTermination(Duration timeout) {
    try {
      return terminated.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Outcomes acknowledged by Kafka since start. */
  public long completedCount() {
    return dispatcher.completed();
  }

  /** Fetches started and not yet ended. */
  public int inFlight() {
    return queues.inFlight();
  }

  /** Requests polled and not yet started. */
  public int buffered() {
    return queues.buffered();
  }

  /** Partitions currently assigned to this worker. */
  public int assignedPartitions() {
    return assignedPartitions.get();
  }

  /** Liveness and readiness, for the admin endpoints. */
  public Health health() {
    return health;
  }

  /** Why the worker stopped on its own (a consumer or publish failure), or null. */
  public Throwable failure() {
    return failure;
  }

  private void run() {
    try {
      consumer.subscribe(
          List.of(topics.urls()),
          new RebalanceHandler(
              consumer,
              queues,
              offsets,
              committer,
              dispatcher,
              backpressure,
              settings.policy().revokeGrace(),
              () -> stopRequested,
              assignedPartitions));
      while (!stopRequested) {
        ConsumerRecords<byte[], byte[]> records;
        try {
          records = consumer.poll(POLL_TIMEOUT);
        } catch (WakeupException e) {
          // From close(), or from a thread that started a fetch: a paused partition may resume.
          records = ConsumerRecords.empty();
        }
        for (ConsumerRecord<byte[], byte[]> record : records) {
          intake.accept(record);
        }
        // Not ready while outcomes wait to be sent to Kafka again; live all the same.
        health.setReady(dispatcher.kafkaReachable());
        dispatcher.dispatch();
        applyBackpressure();
        committer.commitIfDue();
        metrics.offsets(offsets.positions());
      }
      drain();
    } catch (RuntimeException | Error e) {
      failure = e;
      health.setDead();
      log.error("fetch worker stopped by a failure", e);
    } finally {
      health.setReady(false);
      closeClients();
      terminated.countDown();
    }
  }

  /** Pauses partitions over their share of the buffer; resumes those drained to half. */
  private void applyBackpressure() {
    resumeWakeupSent.set(false);
    List<TopicPartition> pause = backpressure.toPause();
    if (!pause.isEmpty()) {
      consumer.pause(pause);
    }
    List<TopicPartition> resume = backpressure.toResume();
    if (!resume.isEmpty()) {
      consumer.resume(resume);
    }
  }

  /** Runs where a fetch starts: wakes the poll once a paused partition may resume. */
  private void wakeUpToResume(Work work) {
    if (backpressure.started(work.partition()) && resumeWakeupSent.compareAndSet(false, true)) {
      consumer.wakeup(); // The only consumer method safe to call from another thread.
    }
  }

  /** Stops the worker after a failure that would otherwise stall its commits silently. */
  private void fail(Exception cause) {
    if (failure == null) {
      failure = cause;
    }
    health.setDead();
    if (!stopRequested) {
      requestStop(settings.shutdownGrace());
    }
  }

  /**
   * Stops starting fetches, waits (polling, so the group keeps this member) until every started one
   * is acknowledged or the deadline passes, then commits what is complete.
   */
  private void drain() {
    dispatcher.stopStarting();
    int notStarted = queues.removeIf(work -> true).size();
    consumer.pause(consumer.assignment());
    log.info(
        "stopping: {} requests not started, {} outcomes outstanding",
        notStarted,
        dispatcher.outstanding());
    while (dispatcher.outstanding() > 0 && System.nanoTime() - stopDeadlineNanos < 0) {
      try {
        consumer.poll(POLL_TIMEOUT);
      } catch (WakeupException e) {
        // A wakeup sent before the loop ended; poll again.
      }
      committer.commitIfDue();
    }
    dispatcher.closePublisher();
    producer.flush();
    committer.commitSync(offsets.committable());
    log.info(
        "stopped: {} outcomes acknowledged, {} abandoned",
        dispatcher.completed(),
        dispatcher.outstanding());
  }

  /** Closes in dependency order: no outcome is published once the fetcher aborts. */
  private void closeClients() {
    dispatcher.closePublisher();
    fetcher.close();
    try {
      consumer.close(CLIENT_CLOSE_TIMEOUT);
    } catch (KafkaException e) {
      log.warn("cannot close the consumer cleanly: {}", e.toString());
    }
    producer.close(CLIENT_CLOSE_TIMEOUT);
    clientMetrics.forEach(KafkaClientMetrics::close);
  }
}
