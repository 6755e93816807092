package dev.trawl.fetch.internal.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.fetch.FetchSettings;
import dev.trawl.fetch.ScriptedSite;
import dev.trawl.fetch.internal.http.PageFetcher;
import dev.trawl.fetch.internal.http.RobotsCache;
import dev.trawl.fetch.internal.offsets.OffsetTracker;
import dev.trawl.fetch.internal.outcome.FetchMetrics;
import dev.trawl.fetch.internal.outcome.OutcomePublisher;
import dev.trawl.schemas.AvroSerde;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How the dispatcher hands slots on, against a real loopback site. The producer is Kafka's {@link
 * MockProducer} held shut by a latch: it stands for a producer blocked on a full buffer, which a
 * real broker cannot be made to do on cue. The worker tests cover the way through a real broker.
 */
class DispatcherTest {

  static {
    // Requests are built here before any serde loads; Avro must trust Trawl's types first.
    AvroSerde.trustTrawlRecords();
  }

  private static final String HOST = "127.0.0.1";
  private static final TopicPartition PARTITION = new TopicPartition("trawl.urls", 0);

  private final ScriptedSite site = new ScriptedSite(1);
  private final PageFetcher fetcher =
      new PageFetcher(
          FetchSettings.defaults()
              .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(2))
              .with(FetchSettings.TIMEOUT, Duration.ofSeconds(5))
              .fetcherOptions());
  private final OffsetTracker offsets = new OffsetTracker();
  private final List<Exception> failures = new CopyOnWriteArrayList<>();
  private final GatedProducer producer = new GatedProducer();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private Dispatcher dispatcher;

  @AfterEach
  void stop() throws Exception {
    producer.open();
    if (dispatcher != null) {
      dispatcher.stopStarting();
      dispatcher.closePublisher();
    }
    fetcher.close();
    site.close();
  }

  @Test
  void aHostsNextFetchStartsWhenTheResponseEndsAndTheOutcomesWaitingForKafkaAreBounded()
      throws Exception {
    for (int i = 1; i <= 6; i++) {
      site.on("/p" + i, 200, "page " + i);
    }
    HostQueues<Work> queues = new HostQueues<>(3, 1);
    dispatcher = dispatcher(queues, null);
    for (int i = 1; i <= 6; i++) {
      queue(queues, "/p" + i, i);
    }

    dispatcher.dispatch();

    // The producer takes nothing; still the host's one slot passes from fetch to fetch, until
    // three outcomes (the in-flight limit) wait for Kafka.
    await().atMost(Duration.ofSeconds(20)).until(() -> hits() >= 3);
    // And stays there: with no bound, the other three would be fetched within this window.
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> hits() == 3);
    assertThat(queues.inFlight()).isZero();
    assertThat(producer.history()).isEmpty();
    assertThat(registry.get("trawl.fetch.outcomes.waiting").gauge().value()).isEqualTo(3);

    producer.open();
    await().atMost(Duration.ofSeconds(20)).until(() -> producer.history().size() == 6);
    await().atMost(Duration.ofSeconds(5)).until(() -> dispatcher.outstanding() == 0);
    assertThat(hits()).isEqualTo(6);
    assertThat(registry.get("trawl.fetch.outcomes.waiting").gauge().value()).isZero();
    assertThat(offsets.committable()).containsEntry(PARTITION, 7L);
    assertThat(failures).isEmpty();
  }

  @Test
  void thousandsOfFetchesEndingAtOnceAllGetTheirOutcome() throws Exception {
    site.on("/robots.txt", 200, "User-agent: *\nDisallow: /\n");
    int count = 20_000;
    HostQueues<Work> queues = new HostQueues<>(count, count);
    dispatcher =
        dispatcher(
            queues,
            new RobotsCache(fetcher::fetchRobots, "trawl", System::nanoTime, (n, after) -> 0));
    for (int i = 1; i <= count; i++) {
      queue(queues, "/denied/" + i, i);
    }
    producer.open();

    // The first fetch waits for robots.txt; then each denial ends inside dispatch(), on its
    // thread, and must not start the next one by calling dispatch() again.
    dispatcher.dispatch();

    await().atMost(Duration.ofSeconds(60)).until(() -> producer.history().size() == count);
    assertThat(producer.history())
        .allSatisfy(
            record ->
                assertThat(
                        Topics.PAGES
                            .valueSerde()
                            .deserializer()
                            .deserialize(record.topic(), record.value())
                            .getOutcome())
                    .isEqualTo(FetchOutcome.DENIED_BY_ROBOTS));
    assertThat(offsets.committable()).containsEntry(PARTITION, count + 1L);
    assertThat(failures).isEmpty();
  }

  @Test
  void aRetryDueWhileOutcomesWaitForKafkaStartsWhenKafkaTakesOneAndNothingSpinsMeanwhile()
      throws Exception {
    site.on("/busy", 503, "busy");
    site.on("/p1", 200, "page 1");
    site.on("/p2", 200, "page 2");
    HostQueues<Work> queues = new HostQueues<>(2, 2);
    AtomicLong clockReads = new AtomicLong();
    LongSupplier clock =
        () -> {
          clockReads.incrementAndGet();
          return System.nanoTime();
        };
    Retries retryOnceAfterTwoSeconds =
        new Retries(2, Duration.ofSeconds(4), Duration.ofSeconds(4), () -> 0.5);
    dispatcher = dispatcher(queues, null, retryOnceAfterTwoSeconds, clock);
    queue(queues, "/busy", 1);
    queue(queues, "/p1", 2);
    queue(queues, "/p2", 3);

    dispatcher.dispatch();

    // Both pages wait for the shut producer: the bound of two outcomes is reached, and the retry
    // of /busy falls due while it is.
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> registry.get("trawl.fetch.outcomes.waiting").gauge().value() == 2);
    await().atMost(Duration.ofSeconds(20)).until(() -> queues.nextWakeNanos() <= System.nanoTime());
    long readsWhenDue = clockReads.get();
    // Nothing may start until Kafka takes an outcome, and nothing runs meanwhile (a wake that
    // reschedules itself reads the clock thousands of times a second).
    await()
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(5))
        .until(() -> clockReads.get() - readsWhenDue < 20);
    assertThat(site.hits(1, "/busy")).hasSize(1);

    producer.open();
    await().atMost(Duration.ofSeconds(20)).until(() -> producer.history().size() == 3);
    assertThat(site.hits(1, "/busy")).hasSize(2);
    assertThat(offsets.committable()).containsEntry(PARTITION, 4L);
    assertThat(failures).isEmpty();
  }

  private Dispatcher dispatcher(HostQueues<Work> queues, RobotsCache robots) {
    return dispatcher(
        queues, robots, new Retries(1, Duration.ZERO, Duration.ZERO, () -> 0.5), System::nanoTime);
  }

  private Dispatcher dispatcher(
      HostQueues<Work> queues, RobotsCache robots, Retries retries, LongSupplier clock) {
    return new Dispatcher(
        queues,
        fetcher,
        robots,
        retries,
        clock,
        new OutcomePublisher.Target(
            producer, "trawl.pages", "trawl.fetch-dlq", "trawl.process-dlq", 10_000_000),
        offsets,
        new FetchMetrics(registry, queues::inFlight, queues::buffered, () -> 0),
        new Dispatcher.Events() {
          @Override
          public void started(Work work) {}

          @Override
          public void failed(Exception cause) {
            failures.add(cause);
          }
        });
  }

  private void queue(HostQueues<Work> queues, String path, long offset) {
    String url = site.url(1, path);
    FetchRequest request =
        FetchRequest.newBuilder()
            .setUrl(url)
            .setHost(HOST)
            .setCrawlId("test")
            .setEnqueuedAt(System.currentTimeMillis())
            .build();
    offsets.register(PARTITION, offset);
    queues.add(HOST, new Work(request, URI.create(url), HOST, PARTITION, offset));
  }

  private int hits() {
    int hits = 0;
    for (int i = 1; i <= 6; i++) {
      hits += site.hits(1, "/p" + i).size();
    }
    return hits;
  }

  /** Acknowledges every record at once, but takes none until {@link #open}. */
  private static final class GatedProducer extends MockProducer<byte[], byte[]> {
    private final CountDownLatch gate = new CountDownLatch(1);

    GatedProducer() {
      super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    void open() {
      gate.countDown();
    }

    @Override
    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
      try {
        if (!gate.await(60, TimeUnit.SECONDS)) {
          throw new IllegalStateException("the gate stayed shut");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new org.apache.kafka.common.errors.InterruptException(e);
      }
      return super.send(record, callback);
    }
  }
}
