package dev.trawl.producer;

import dev.trawl.producer.internal.Batch;
import dev.trawl.producer.internal.CheckedLines;
import dev.trawl.producer.internal.ClientConfigs;
import dev.trawl.producer.internal.PreparedLine;
import dev.trawl.producer.internal.TopicCheck;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.runtime.crawl.FingerprintSet;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.Topics;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Publishes URLs to {@code trawl.seeds} (or another topic), and declared crawls' definitions to
 * {@code trawl.crawls}: each line is validated and normalised ({@link UrlValidator}), repeated URLs
 * are skipped, and each new one is sent as a {@link FetchRequest} keyed by its host. A batch
 * returns only when Kafka has acknowledged (or failed) every send. Checking, building and encoding
 * requests run on a pool of threads; deduplication, listeners and sends stay on the publishing
 * thread, in input order.
 *
 * <p>Thread-safe: batches may be published from several threads at once (they share one Kafka
 * producer, so a batch's flush also waits for the others' sends). Create with {@link
 * #UrlProducer(KafkaSettings, PublishSettings)}, close when done.
 */
public final class UrlProducer implements AutoCloseable {

  /** How many rejected lines a {@link ProduceSummary} keeps; a listener sees all of them. */
  public static final int KEPT_REJECTIONS = 1_000;

  /** Lines read and checked together on the pool. */
  private static final int CHUNK_LINES = 512;

  /** Chunks read ahead of the one being sent: bounds memory to a few thousand lines. */
  private static final int AHEAD_CHUNKS = 8;

  private final KafkaSettings kafka;
  private final PublishSettings settings;

  /** Stamps {@link FetchRequest#getEnqueuedAt()}. */
  private final Clock clock;

  private final UrlValidator validator;

  /** Sends values already encoded by {@code Topics.URLS.valueSerde()} ({@link PreparedLine}). */
  private final Producer<String, byte[]> producer;

  /** Checks lines and builds their records ahead of the publishing threads; one per core. */
  private final ExecutorService checkers;

  /** Set once the topic was found ready; racing batches may both check, which is harmless. */
  private volatile boolean topicExists;

  /** Set once trawl.crawls was found ready, as {@link #topicExists}. */
  private volatile boolean crawlsTopicExists;

  /** Set by {@link #stop()} from any thread, read by publishing threads before each line. */
  private volatile boolean stopRequested;

  /**
   * A producer for the Kafka cluster {@code kafka} describes, stamping requests with the system
   * clock; its client starts connecting in the background, and the topic is checked by the first
   * batch.
   *
   * @throws KafkaException when the client properties are invalid
   */
  public UrlProducer(KafkaSettings kafka, PublishSettings settings) {
    this(kafka, settings, Clock.systemUTC());
  }

  /**
   * A producer stamping requests with {@code clock}.
   *
   * @throws KafkaException when the client properties are invalid
   */
  public UrlProducer(KafkaSettings kafka, PublishSettings settings, Clock clock) {
    this.kafka = kafka;
    this.settings = settings;
    this.clock = clock;
    this.validator = new UrlValidator(settings.maxUrlLength());
    this.producer =
        new KafkaProducer<>(
            ClientConfigs.producer(kafka, settings.sendTimeout()),
            Topics.URLS.keySerde().serializer(),
            new ByteArraySerializer());
    AtomicInteger threadNumber = new AtomicInteger();
    this.checkers =
        Executors.newFixedThreadPool(
            Math.max(1, Runtime.getRuntime().availableProcessors()),
            r -> {
              Thread t = new Thread(r, "url-checker-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Publishes {@code urls} as one batch (line numbers count from 1). */
  public ProduceSummary publish(List<String> urls, CrawlSpec crawl) {
    return publish(UrlSource.of(urls), crawl, ProduceListener.NONE);
  }

  /** Publishes the lines of {@code reader} as one batch; the caller closes the reader. */
  public ProduceSummary publish(Reader reader, CrawlSpec crawl, ProduceListener listener) {
    return publish(UrlSource.of(reader), crawl, listener);
  }

  /**
   * Publishes every line of {@code source} as one batch and waits until Kafka has acknowledged or
   * failed each send. A spec that declares its crawl publishes the crawl's definition to
   * trawl.crawls first, acknowledged before any URL is sent. Stops reading early when a send fails,
   * the input cannot be read, or {@link #stop()} is called; the summary says why.
   */
  public ProduceSummary publish(UrlSource source, CrawlSpec crawl, ProduceListener listener) {
    long start = System.nanoTime();
    Batch batch = new Batch(KEPT_REJECTIONS);
    List<String> problems = new ArrayList<>();
    checkTopic().ifPresent(problems::add);
    if (problems.isEmpty() && crawl.declares()) {
      declare(crawl).ifPresent(problems::add);
    }
    if (problems.isEmpty()) {
      sendAll(source, crawl, listener, batch).ifPresent(problems::add);
      flush().ifPresent(problems::add);
    }
    batch.firstSendError().ifPresent(e -> problems.add(0, "a send failed: " + e.getMessage()));
    Optional<String> failure =
        problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
    return batch.summary(Duration.ofNanos(System.nanoTime() - start), failure);
  }

  /**
   * Asks running and later batches to stop reading input; what was sent is still flushed. Safe from
   * any thread (e.g. a shutdown hook).
   */
  public void stop() {
    stopRequested = true;
  }

  /** The longest input line read, in bytes ({@link PublishSettings#maxLineBytes()}). */
  public int maxLineBytes() {
    return settings.maxLineBytes();
  }

  /** Bounds every wait on Kafka. */
  public Duration sendTimeout() {
    return settings.sendTimeout();
  }

  /** Waits up to the send timeout for pending sends, then closes the Kafka producer. */
  @Override
  public void close() {
    producer.close(settings.sendTimeout());
    checkers.shutdownNow();
  }

  /** Publishes the crawl's definition, keyed by crawl id; why it could not, if it could not. */
  private Optional<String> declare(CrawlSpec crawl) {
    String topic = Topics.CRAWLS.name();
    try {
      if (!crawlsTopicExists) {
        Optional<String> problem = TopicCheck.problem(kafka, topic, settings.sendTimeout());
        if (problem.isPresent()) {
          return problem;
        }
        crawlsTopicExists = true;
      }
      byte[] definition =
          Topics.CRAWLS
              .valueSerde()
              .serializer()
              .serialize(topic, crawl.definition(clock.millis()));
      producer
          .send(new ProducerRecord<>(topic, crawl.crawlId(), definition))
          .get(settings.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while declaring crawl " + crawl.crawlId());
    } catch (ExecutionException | TimeoutException | KafkaException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      return Optional.of("cannot declare crawl " + crawl.crawlId() + " in " + topic + ": " + cause);
    }
  }

  private Optional<String> checkTopic() {
    if (topicExists) {
      return Optional.empty();
    }
    try {
      Optional<String> problem =
          TopicCheck.problem(kafka, settings.topic(), settings.sendTimeout());
      topicExists = problem.isEmpty();
      return problem;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while looking for topic " + settings.topic());
    }
  }

  /** Reads, checks and sends every line; returns why it stopped early, if it did. */
  private Optional<String> sendAll(
      UrlSource source, CrawlSpec crawl, ProduceListener listener, Batch batch) {
    FingerprintSet seen = new FingerprintSet();
    CheckedLines<PreparedLine> lines =
        new CheckedLines<>(
            source,
            line -> PreparedLine.of(line, validator, crawl, clock),
            checkers,
            CHUNK_LINES,
            AHEAD_CHUNKS);
    long lineNumber = 0;
    try {
      while (!stopRequested && batch.firstSendError().isEmpty()) {
        CheckedLines.Chunk chunk = lines.next();
        if (chunk == null) {
          return Optional.empty();
        }
        for (int i = 0; i < chunk.size(); i++) {
          if (stopRequested || batch.firstSendError().isPresent()) {
            break;
          }
          lineNumber = chunk.lineNumber(i);
          batch.lineRead();
          handle(lineNumber, chunk.line(i), lines.check(i), listener, batch, seen);
        }
        if (chunk.readError() != null && !stopRequested && batch.firstSendError().isEmpty()) {
          return Optional.of(readFailure(chunk.readError(), lineNumber + 1));
        }
      }
      lines.discard();
      return Optional.of(
          (stopRequested ? "stopped" : "gave up") + " before line " + (lineNumber + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      lines.discard();
      return Optional.of("interrupted before line " + (lineNumber + 1));
    } catch (KafkaException e) {
      lines.discard();
      return Optional.of("cannot send line " + lineNumber + ": " + e.getMessage());
    }
  }

  private void handle(
      long lineNumber,
      InputLine line,
      PreparedLine prepared,
      ProduceListener listener,
      Batch batch,
      FingerprintSet seen) {
    if (prepared.check() instanceof UrlCheck.Rejected rejected) {
      Rejection rejection =
          new Rejection(lineNumber, line.text(), rejected.reason(), rejected.message());
      batch.rejected(rejection);
      listener.rejected(rejection);
    } else if (prepared.check() instanceof UrlCheck.Accepted url) {
      if (!seen.add(prepared.fingerprint())) {
        batch.duplicate();
        listener.duplicate(lineNumber, line.text(), url.url());
        return;
      }
      producer.send(new ProducerRecord<>(settings.topic(), url.host(), prepared.value()), batch);
      batch.accepted();
      listener.accepted(lineNumber, line.text(), prepared.request());
    }
  }

  private static String readFailure(IOException e, long lineNumber) {
    if (e instanceof CharacterCodingException) {
      return "line "
          + lineNumber
          + " is not valid text in the input's character set ("
          + e.getClass().getSimpleName()
          + ": "
          + e.getMessage()
          + ")";
    }
    return "cannot read line " + lineNumber + ": " + e.getMessage();
  }

  /** Waits until every send so far has been acknowledged or has failed. */
  private Optional<String> flush() {
    try {
      producer.flush();
      return Optional.empty();
    } catch (InterruptException e) {
      return Optional.of("interrupted before every send was acknowledged");
    }
  }
}
