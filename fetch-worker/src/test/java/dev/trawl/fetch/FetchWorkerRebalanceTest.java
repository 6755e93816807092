package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.testing.LoopbackServer;
import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two fetch workers in one group on a real broker: worker A holds fetches in flight (held by the
 * site until the test opens its gate) when worker B joins, and A gives the revoked partition's
 * fetches the revoke grace. Those still running when the grace is over are dropped, their offsets
 * left uncommitted, and B fetches them again; those finishing within the grace are published and
 * committed by A, and B never fetches them.
 */
class FetchWorkerRebalanceTest {

  private static final int PARTITIONS = 2;

  /** Per partition: offsets 0-1 answer at once, offsets 2-3 wait for the gate. */
  private static final List<String> PATHS = List.of("/fast/0", "/fast/1", "/gated/2", "/gated/3");

  private GatedSite site;

  @BeforeEach
  void startSite() throws Exception {
    site = new GatedSite();
  }

  @AfterEach
  void stopSite() throws Exception {
    site.open();
    site.server.close();
  }

  private static FetchSettings settings(int hostMaxInFlight, Duration revokeGrace) {
    return FetchSettings.defaults()
        .with(FetchSettings.MAX_IN_FLIGHT, 16)
        .with(FetchSettings.HOST_MAX_IN_FLIGHT, hostMaxInFlight)
        .with(FetchSettings.MAX_BUFFERED, 64)
        .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(5))
        .with(FetchSettings.TIMEOUT, Duration.ofSeconds(120))
        .with(FetchSettings.COMMIT_INTERVAL, Duration.ofMillis(100))
        .with(EgressSettings.ALLOW_PRIVATE_NETWORK, true)
        .with(FetchPolicy.ROBOTS, false)
        .with(FetchPolicy.REVOKE_GRACE, revokeGrace)
        .with(FetchPolicy.MAX_ATTEMPTS, 1)
        .with(FetchPolicy.RETRY_BASE_DELAY, Duration.ZERO)
        .with(FetchPolicy.RETRY_MAX_DELAY, Duration.ZERO);
  }

  @Test
  void aJoiningWorkerTakesOverInFlightWorkWithoutLossAndBoundedDuplicates() throws Exception {
    KafkaFixture kafka =
        new KafkaFixture(
            TestKafka.bootstrapServers(), settings(16, Duration.ofMillis(500)), PARTITIONS);
    List<String> urls = publishToEachPartition(kafka, PATHS, false);
    Map<TopicPartition, Long> twoDone = offsets(kafka, 2);

    try (FetchWorker a = kafka.worker(new SimpleMeterRegistry())) {
      a.start();
      // A has every URL in flight: the fast ones answered, the gated ones held by the site.
      await().atMost(Duration.ofSeconds(60)).until(() -> a.completedCount() == 4);
      await().atMost(Duration.ofSeconds(30)).until(() -> site.held() == 4);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> kafka.urlsCommittedOffsets().equals(twoDone));

      try (FetchWorker b = kafka.worker(new SimpleMeterRegistry())) {
        b.start();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> a.assignedPartitions() == 1 && b.assignedPartitions() == 1);
        // B fetches the revoked partition's gated URLs again: A dropped them after the grace.
        await().atMost(Duration.ofSeconds(30)).until(() -> site.held() == 6);

        // A committed only what was complete: offsets 0-1 of each partition, nothing in flight.
        assertThat(kafka.urlsCommittedOffsets()).isEqualTo(twoDone);
        assertThat(a.completedCount() + b.completedCount()).isEqualTo(4);

        site.open();
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> kafka.outcomes().keySet().containsAll(urls));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> kafka.urlsCommittedOffsets().equals(offsets(kafka, 4)));
      }
    }

    Map<String, List<String>> outcomes = kafka.outcomes();
    assertThat(outcomes).containsOnlyKeys(urls);
    assertThat(outcomes.values()).allSatisfy(o -> assertThat(o).containsOnly("200"));
    int duplicates = outcomes.values().stream().mapToInt(o -> o.size() - 1).sum();
    // In flight on the revoked partition at revocation: its two gated URLs.
    assertThat(duplicates).isBetween(0, 2);
    assertThat(site.served("/gated/")).isEqualTo(6);
  }

  @Test
  void aFetchFinishingWithinTheGraceIsPublishedAndCommittedByTheWorkerLosingIt() throws Exception {
    // Each partition's URLs on a host of their own, one request in flight per host: offset 0 is
    // held at the gate, offset 1 waits behind it in A's queue. The grace is long: the fetch held
    // is answered once the revocation has begun, and finishes well within it.
    KafkaFixture kafka =
        new KafkaFixture(
            TestKafka.bootstrapServers(), settings(1, Duration.ofSeconds(60)), PARTITIONS);
    List<String> urls = publishToEachPartition(kafka, List.of("/gated/0", "/fast/1"), true);

    try (FetchWorker a = kafka.worker(new SimpleMeterRegistry())) {
      a.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> site.held() == 2 && a.buffered() == 2);

      try (FetchWorker b = kafka.worker(new SimpleMeterRegistry())) {
        b.start();
        // The revocation has begun: A took the revoked partition's queued URL out of its queue,
        // and now waits for the partition's fetch in flight, held at the gate.
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(10))
            .until(() -> a.buffered() == 1);
        assertThat(a.completedCount()).isZero();
        site.open();

        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> a.assignedPartitions() == 1 && b.assignedPartitions() == 1);
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> a.completedCount() + b.completedCount() == 4);
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> kafka.urlsCommittedOffsets().equals(offsets(kafka, 2)));
        // A: both held fetches (one within the grace) and its kept partition's queued URL.
        assertThat(a.completedCount()).isEqualTo(3);
        assertThat(b.completedCount()).isEqualTo(1);
      }
    }

    Map<String, List<String>> once = new HashMap<>();
    urls.forEach(url -> once.put(url, List.of("200")));
    assertThat(kafka.outcomes()).isEqualTo(once);
    Map<String, Long> servedOnce = new HashMap<>();
    urls.forEach(url -> servedOnce.put(URI.create(url).getPath(), 1L));
    assertThat(site.servedCounts()).isEqualTo(servedOnce);
  }

  /**
   * Publishes {@code paths} to every partition, in order, under {@code /p<partition>}: on host
   * 127.0.0.1, or with {@code hostPerPartition} on 127.0.0.1 for partition 0, 127.0.0.2 for 1.
   * Returns the URLs.
   */
  private List<String> publishToEachPartition(
      KafkaFixture kafka, List<String> paths, boolean hostPerPartition) throws Exception {
    Map<String, Object> props = new HashMap<>(kafka.kafka.producer());
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    List<String> urls = new ArrayList<>();
    String topic = kafka.topics.urls();
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props)) {
      for (int p = 0; p < PARTITIONS; p++) {
        int host = hostPerPartition ? p + 1 : 1;
        for (String path : paths) {
          String url = site.url(host, "/p" + p + path);
          urls.add(url);
          FetchRequest request = KafkaFixture.request(url, "127.0.0." + host);
          byte[] value = Topics.URLS.valueSerde().serializer().serialize(topic, request);
          producer
              .send(new ProducerRecord<>(topic, p, request.getHost(), value))
              .get(30, TimeUnit.SECONDS);
        }
      }
    }
    return urls;
  }

  private static Map<TopicPartition, Long> offsets(KafkaFixture kafka, long offset) {
    Map<TopicPartition, Long> offsets = new HashMap<>();
    kafka.partitions(kafka.topics.urls()).forEach(tp -> offsets.put(tp, offset));
    return offsets;
  }

  /**
   * Answers {@code /p?/fast/*} at once and holds {@code /p?/gated/*} until {@link #open}, on
   * 127.0.0.1 and 127.0.0.2.
   */
  private static final class GatedSite {

    private record Held(Response response, Callback callback) {}

    final LoopbackServer server;
    private final List<Held> held = new CopyOnWriteArrayList<>();
    private final List<String> served = new CopyOnWriteArrayList<>();
    private final AtomicInteger heldCount = new AtomicInteger();

    /** Guarded by this. */
    private boolean open;

    GatedSite() {
      server =
          new LoopbackServer(
              2,
              new Handler.Abstract() {
                @Override
                public boolean handle(Request request, Response response, Callback callback) {
                  String path = Request.getPathInContext(request);
                  served.add(path);
                  if (path.contains("/gated/") && hold(response, callback)) {
                    return true;
                  }
                  answer(response, callback);
                  return true;
                }
              });
    }

    /** Holds the request unless the gate is open; true when held. */
    private synchronized boolean hold(Response response, Callback callback) {
      if (open) {
        return false;
      }
      held.add(new Held(response, callback));
      heldCount.incrementAndGet();
      return true;
    }

    /** The URL of {@code path} on 127.0.0.{@code host}. */
    String url(int host, String path) {
      return server.url(host, path);
    }

    /** Requests held at the gate so far (answered or not). */
    int held() {
      return heldCount.get();
    }

    /** Requests served whose path contains {@code part}. */
    int served(String part) {
      return (int) served.stream().filter(p -> p.contains(part)).count();
    }

    /** How many requests each path got. */
    Map<String, Long> servedCounts() {
      return served.stream().collect(Collectors.groupingBy(p -> p, Collectors.counting()));
    }

    /** Answers every held request, and every later one at once. */
    synchronized void open() {
      open = true;
      for (Held h : held) {
        answer(h.response(), h.callback());
      }
      held.clear();
    }

    private static void answer(Response response, Callback callback) {
      response.setStatus(200);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
      response.write(
          true, ByteBuffer.wrap("<html>ok</html>".getBytes(StandardCharsets.UTF_8)), callback);
    }
  }
}
