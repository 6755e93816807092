package dev.trawl.bench.faults;

import dev.trawl.runtime.crawl.Urls;
import dev.trawl.schemas.AvroSerde;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchError;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.HostSightings;
import dev.trawl.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A hostile record for one topic a worker reads: bytes that are no record of the topic's type, or a
 * valid record as large as the topic takes. Each oversized record is of a crawl of its own ({@link
 * #crawlId}), so that what the fleet made of it can be told from every other record.
 *
 * @param topic the topic it is written to
 * @param kind "garbage" or "oversized"
 * @param key the record key (a host, as the workers key every topic)
 * @param value the record value
 * @param crawlId the crawl of an oversized record, null for garbage
 */
record Poison(String topic, String kind, String key, byte[] value, String crawlId) {

  /** The repartition topic of the process worker's seen-URL filter (application trawl-process). */
  static final String SIGHTINGS = "trawl-process-url-sightings-by-host-repartition";

  private static final int GARBAGE_BYTES = 4_096;

  /** Bytes that no Avro reader of Trawl takes: a first byte that is no single-object header. */
  static Poison garbage(String topic, String host, long seed) {
    byte[] bytes = new byte[GARBAGE_BYTES];
    new Random(seed).nextBytes(bytes);
    bytes[0] = 0x00;
    return new Poison(topic, "garbage", host, bytes, null);
  }

  /**
   * A valid record of {@code topic} of about {@code bytes} bytes, about {@code url} (a page of the
   * site) in a crawl of its own: the size is in the request's metadata, or in a page's body.
   */
  static Poison oversized(String topic, String url, int bytes) {
    String crawlId = "poison-" + topic + "-oversized";
    String host = Urls.host(url);
    FetchRequest request = request(url, crawlId, Map.of("pad", "x".repeat(bytes)));
    byte[] value =
        switch (topic) {
          case "trawl.seeds", "trawl.urls" ->
              Topics.SEEDS.valueSerde().serializer().serialize(topic, request);
          case "trawl.pages" ->
              Topics.PAGES
                  .valueSerde()
                  .serializer()
                  .serialize(topic, page(request(url, crawlId, Map.of()), bytes));
          case "trawl.fetch-dlq" ->
              Topics.FETCH_DLQ.valueSerde().serializer().serialize(topic, failure(request));
          case SIGHTINGS -> AvroSerde.of(HostSightings.class).serialize(topic, sightings(request));
          default -> throw new IllegalArgumentException("no oversized record for " + topic);
        };
    return new Poison(topic, "oversized", host, value, crawlId);
  }

  /** A seed of {@code url} for {@code crawlId} on trawl.seeds, keyed by its host. */
  static ProducerRecord<String, byte[]> seed(String url, String crawlId) {
    return new ProducerRecord<>(
        Topics.SEEDS.name(),
        Urls.host(url),
        Topics.SEEDS
            .valueSerde()
            .serializer()
            .serialize(Topics.SEEDS.name(), request(url, crawlId, Map.of())));
  }

  static FetchRequest request(String url, String crawlId, Map<String, String> metadata) {
    return FetchRequest.newBuilder()
        .setUrl(url)
        .setHost(Urls.host(url))
        .setCrawlId(crawlId)
        .setDepth(0)
        .setMaxDepth(0)
        .setScope(CrawlScope.HOST)
        .setEnqueuedAt(System.currentTimeMillis())
        .setMetadata(metadata)
        .build();
  }

  /** A fetched HTML page whose body is {@code bytes} bytes of text. */
  private static FetchResult page(FetchRequest request, int bytes) {
    String html = "<html><head><title>big</title></head><body><p>";
    byte[] body = (html + "word ".repeat(bytes / 5)).getBytes(StandardCharsets.UTF_8);
    return FetchResult.newBuilder()
        .setRequest(request)
        .setOutcome(FetchOutcome.FETCHED)
        .setFinalUrl(request.getUrl())
        .setStatus(200)
        .setContentType("text/html; charset=utf-8")
        .setBody(ByteBuffer.wrap(body))
        .setFetchedAt(System.currentTimeMillis())
        .setLatencyMs(1)
        .build();
  }

  private static FetchFailure failure(FetchRequest request) {
    return FetchFailure.newBuilder()
        .setRequest(request)
        .setAttempts(1)
        .setError(FetchError.newBuilder().setType(ErrorType.CONNECT).setMessage("refused").build())
        .setFailedAt(System.currentTimeMillis())
        .build();
  }

  /** Sightings that carry the request as a seed: its first sighting goes on to trawl.urls. */
  private static HostSightings sightings(FetchRequest request) {
    return HostSightings.newBuilder()
        .setCrawlId(request.getCrawlId())
        .setLinkDepth(1)
        .setMaxDepth(0)
        .setSeeds(List.of(request))
        .build();
  }
}
