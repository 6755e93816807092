package dev.trawl.fetch.internal.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.schemas.AvroSerde;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchError;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.ProcessFailure;
import dev.trawl.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the publisher does with each kind of failed send. The producer is Kafka's {@link
 * MockProducer}, completed by the test: a real broker cannot be made to fail a given record on cue
 * (the worker tests cover refusals and a broker restart against a real one).
 */
class OutcomePublisherTest {

  static {
    AvroSerde.trustTrawlRecords();
  }

  private static final FetchRequest REQUEST =
      FetchRequest.newBuilder()
          .setUrl("http://127.0.0.1/a")
          .setHost("127.0.0.1")
          .setCrawlId("c1")
          .setEnqueuedAt(1)
          .setMetadata(Map.of("seed", "yes"))
          .build();

  private static final Outcome PAGE =
      new Outcome.Page(
          FetchResult.newBuilder()
              .setRequest(REQUEST)
              .setOutcome(FetchOutcome.FETCHED)
              .setFinalUrl(REQUEST.getUrl())
              .setStatus(200)
              .setBody(ByteBuffer.wrap(new byte[300]))
              .setFetchedAt(2)
              .setLatencyMs(3)
              .build());

  private final MockProducer<byte[], byte[]> producer =
      new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<Outcome> stored = new CopyOnWriteArrayList<>();
  private volatile boolean wanted = true;
  private final OutcomePublisher.Listener<String> listener =
      new OutcomePublisher.Listener<>() {
        @Override
        public void handedOff(String work) {
          events.add("handed off " + work);
        }

        @Override
        public void waitingAgain(String work) {
          events.add("waiting again " + work);
        }

        @Override
        public void acknowledged(String work, Outcome outcome) {
          events.add("acknowledged " + work);
          stored.add(outcome);
        }

        @Override
        public void abandoned(String work, Outcome outcome, Exception fatal) {
          events.add(
              "abandoned " + work + (fatal == null ? "" : " " + fatal.getClass().getSimpleName()));
        }

        @Override
        public void replaced(String work, Outcome refused) {
          events.add("replaced " + work + " of " + refused.bodyBytes() + " body bytes");
        }

        @Override
        public boolean wanted(String work) {
          return wanted;
        }
      };
  private OutcomePublisher<String> publisher = publisher(100);

  /** A publisher whose first backoff after a transient failure is {@code firstBackoffMillis}. */
  private OutcomePublisher<String> publisher(long firstBackoffMillis) {
    return new OutcomePublisher<>(
        new OutcomePublisher.Target(producer, "pages", "dlq", "process-dlq", 100_000),
        new FetchMetrics(new SimpleMeterRegistry(), () -> 0, () -> 0, () -> 0),
        listener,
        firstBackoffMillis);
  }

  @AfterEach
  void close() {
    publisher.close();
  }

  private void awaitSent(int records) {
    await().atMost(Duration.ofSeconds(30)).until(() -> producer.history().size() == records);
  }

  @Test
  void sendsATransientFailureAgainUntilKafkaStoresIt() {
    publisher.publish(PAGE, "w1");
    awaitSent(1);
    producer.errorNext(new TimeoutException("Expiring 1 record(s)"));
    assertThat(publisher.resending()).isEqualTo(1);

    awaitSent(2);
    assertThat(publisher.resending()).isZero();
    producer.errorNext(new TimeoutException("Expiring 1 record(s)"));
    awaitSent(3);
    producer.completeNext();

    assertThat(events)
        .containsExactly(
            "handed off w1",
            "waiting again w1",
            "handed off w1",
            "waiting again w1",
            "handed off w1",
            "acknowledged w1");
    assertThat(stored).containsExactly(PAGE);
    assertThat(producer.history()).extracting(ProducerRecord::topic).containsOnly("pages");
  }

  @Test
  void replacesARecordKafkaRefusesForGoodWithItsSmallestForm() {
    publisher.publish(PAGE, "w1");
    awaitSent(1);
    producer.errorNext(new RecordTooLargeException("The message is 300400 bytes"));
    awaitSent(2);
    producer.completeNext();

    ProducerRecord<byte[], byte[]> smallest = producer.history().get(1);
    assertThat(smallest.topic()).isEqualTo("dlq");
    assertThat(new String(smallest.key(), StandardCharsets.UTF_8)).isEqualTo("127.0.0.1");
    FetchFailure failure =
        Topics.FETCH_DLQ.valueSerde().deserializer().deserialize("dlq", smallest.value());
    ProducerRecord<byte[], byte[]> refused = producer.history().get(0);
    int size = refused.value().length + refused.key().length;
    assertThat(failure)
        .isEqualTo(
            FetchFailure.newBuilder()
                .setRequest(
                    FetchRequest.newBuilder(REQUEST)
                        .setMetadata(Map.of(RecordBounds.CUT_KEY, "metadata dropped (1 entries)"))
                        .build())
                .setAttempts(1)
                .setError(
                    new FetchError(
                        ErrorType.OTHER,
                        "the outcome (Page) of "
                            + size
                            + " bytes met Kafka's limit (max.request.size 100000 bytes, or the"
                            + " topic's max.message.bytes): RecordTooLargeException: The message is"
                            + " 300400 bytes"))
                .setFailedAt(failure.getFailedAt())
                .setStatus(0)
                .setProxyId(null)
                .build());
    assertThat(events)
        .containsExactly(
            "handed off w1",
            "replaced w1 of 300 body bytes",
            "waiting again w1",
            "handed off w1",
            "acknowledged w1");
  }

  @Test
  void abandonsARecordWhoseSmallestFormIsRefusedTooAsFatal() {
    publisher.publish(PAGE, "w1");
    awaitSent(1);
    producer.errorNext(new RecordTooLargeException("too large"));
    awaitSent(2);
    producer.errorNext(new RecordTooLargeException("still too large"));

    assertThat(events)
        .containsExactly(
            "handed off w1",
            "replaced w1 of 300 body bytes",
            "waiting again w1",
            "handed off w1",
            "abandoned w1 RecordTooLargeException");
  }

  @Test
  void abandonsARecordAfterAFailureNoResendCures() {
    publisher.publish(PAGE, "w1");
    awaitSent(1);
    producer.errorNext(new TopicAuthorizationException("denied"));

    assertThat(events).containsExactly("handed off w1", "abandoned w1 TopicAuthorizationException");
    assertThat(publisher.resending()).isZero();
  }

  @Test
  void dropsAResendThatIsNoLongerWanted() {
    publisher.publish(PAGE, "w1");
    awaitSent(1);
    wanted = false; // Its partition was revoked meanwhile.
    producer.errorNext(new TimeoutException("Expiring 1 record(s)"));

    await().atMost(Duration.ofSeconds(30)).until(() -> events.size() == 4);
    assertThat(events)
        .containsExactly("handed off w1", "waiting again w1", "handed off w1", "abandoned w1");
    assertThat(producer.history()).hasSize(1);
  }

  @Test
  void abandonsTheResendsStillWaitingWhenClosed() {
    publisher.publish(PAGE, "w1");
    awaitSent(1);
    producer.errorNext(new TimeoutException("Expiring 1 record(s)"));

    publisher.close();

    assertThat(events)
        .containsExactly("handed off w1", "waiting again w1", "handed off w1", "abandoned w1");
    assertThat(publisher.publish(PAGE, "w2")).isFalse();
  }

  @Test
  void holdsEveryOutcomeBackForTheBackoffAfterATransientFailure() {
    publisher.close();
    publisher = publisher(60_000);
    publisher.publish(PAGE, "w1");
    awaitSent(1);
    producer.errorNext(new TimeoutException("Expiring 1 record(s)"));

    publisher.publish(PAGE, "w2");
    await().atMost(Duration.ofSeconds(30)).until(() -> publisher.resending() == 2);
    publisher.close();

    assertThat(producer.history()).hasSize(1);
    assertThat(events)
        .containsExactlyInAnyOrder(
            "handed off w1",
            "waiting again w1",
            "handed off w1",
            "abandoned w1",
            "handed off w2",
            "abandoned w2");
  }

  @Test
  void sendsADeadLetterToTheProcessDlqUnderItsSourceKey() {
    ProcessFailure letter =
        ProcessFailure.newBuilder()
            .setSourceTopic("urls")
            .setPartition(0)
            .setOffset(7)
            .setKey(ByteBuffer.wrap(new byte[] {1, 2}))
            .setValue(ByteBuffer.wrap(new byte[] {3}))
            .setStage("DESERIALIZATION")
            .setReason("not a FetchRequest")
            .setExceptionClass("org.apache.kafka.common.errors.SerializationException")
            .setFailedAt(9)
            .build();

    publisher.publish(new Outcome.DeadLetter(letter, new byte[] {1, 2}), "w1");
    awaitSent(1);
    producer.completeNext();

    ProducerRecord<byte[], byte[]> sent = producer.history().get(0);
    assertThat(sent.topic()).isEqualTo("process-dlq");
    assertThat(sent.key()).containsExactly(1, 2);
    assertThat(Topics.PROCESS_DLQ.valueSerde().deserializer().deserialize("x", sent.value()))
        .isEqualTo(letter);
    assertThat(events).containsExactly("handed off w1", "acknowledged w1");
  }
}
