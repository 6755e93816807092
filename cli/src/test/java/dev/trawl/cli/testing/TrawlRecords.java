package dev.trawl.cli.testing;

import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchError;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.Topic;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Known records of Trawl topics for tests of what downstream readers see. */
public final class TrawlRecords {

  public static final long TIMESTAMP = 1_767_323_045_000L;

  private TrawlRecords() {}

  /** Creates every Trawl topic with one partition on a broker of the test's own. */
  public static void createTopics(String bootstrapServers) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      TopicSetup.ensureTopics(admin, 1, (short) 1, 1024 * 1024);
    }
  }

  public static FetchRequest request(String url, String host, String crawlId) {
    return FetchRequest.newBuilder()
        .setUrl(url)
        .setHost(host)
        .setCrawlId(crawlId)
        .setDepth(1)
        .setMaxDepth(2)
        .setScope(CrawlScope.DOMAIN)
        .setAttempt(0)
        .setEnqueuedAt(TIMESTAMP - 1000)
        .setNotBefore(null)
        .setReferrer("http://a.example/")
        .setMetadata(Map.of("team", "ads"))
        .build();
  }

  public static FetchResult page(String url, String crawlId, String body) {
    return FetchResult.newBuilder()
        .setRequest(request(url, "a.example", crawlId))
        .setOutcome(FetchOutcome.FETCHED)
        .setFinalUrl(url)
        .setRedirectChain(List.of())
        .setStatus(200)
        .setHeaders(Map.of("content-type", "text/html"))
        .setContentType("text/html")
        .setBody(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)))
        .setTruncated(false)
        .setFetchedAt(TIMESTAMP)
        .setLatencyMs(12)
        .setProxyId(null)
        .setError(null)
        .build();
  }

  public static Document document(String url, String crawlId, String title) {
    return Document.newBuilder()
        .setUrl(url)
        .setFinalUrl(url)
        .setHost("a.example")
        .setCrawlId(crawlId)
        .setDepth(1)
        .setOutcome(FetchOutcome.FETCHED)
        .setStatus(200)
        .setContentType("text/html")
        .setParsed(true)
        .setTitle(title)
        .setDescription(null)
        .setLanguage("en")
        .setCanonical(null)
        .setWordCount(3)
        .setOutlinks(List.of("http://a.example/next"))
        .setOutlinkCount(1)
        .setContentHash("ab12")
        .setFetchedAt(TIMESTAMP)
        .build();
  }

  /** A URL of a.example that failed after three attempts to connect. */
  public static FetchFailure failure(String url, String crawlId) {
    return FetchFailure.newBuilder()
        .setRequest(request(url, "a.example", crawlId))
        .setAttempts(3)
        .setError(new FetchError(ErrorType.CONNECT, "connection refused"))
        .setFailedAt(TIMESTAMP)
        .build();
  }

  /** Sends {@code values} keyed by a.example with {@link #TIMESTAMP}, and waits for the acks. */
  @SafeVarargs
  public static <V> void send(String bootstrapServers, Topic<String, V> topic, V... values)
      throws Exception {
    sendKeyed(bootstrapServers, topic, "a.example", values);
  }

  /** Sends {@code values} (null for a tombstone) keyed by {@code key}, and waits for the acks. */
  @SafeVarargs
  public static <V> void sendKeyed(
      String bootstrapServers, Topic<String, V> topic, String key, V... values) throws Exception {
    try (KafkaProducer<String, V> producer =
        new KafkaProducer<>(
            Map.of("bootstrap.servers", bootstrapServers, "acks", "all"),
            topic.keySerde().serializer(),
            topic.valueSerde().serializer())) {
      for (V value : values) {
        producer
            .send(new ProducerRecord<>(topic.name(), null, TIMESTAMP, key, value))
            .get(30, TimeUnit.SECONDS);
      }
    }
  }
}
