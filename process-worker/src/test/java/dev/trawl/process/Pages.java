package dev.trawl.process;

import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchError;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.LatencyBuckets;
import dev.trawl.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Test fixtures: requests, fetch results, failures and statistics, with fixed times. */
public final class Pages {

  public static final String CRAWL = "crawl-1";
  public static final long ENQUEUED_AT = 1_000L;
  public static final long FETCHED_AT = 2_000L;

  static {
    // Avro 1.12 refuses to create Trawl's enums (in builders' deep copies and defaults) until
    // AvroSerde's class initializer has trusted them; loading Topics runs it.
    Topics.all();
  }

  private Pages() {}

  /** A seed request for {@code url} (depth 0, max depth 1, scope HOST). */
  public static FetchRequest request(String url, String host) {
    return FetchRequest.newBuilder()
        .setUrl(url)
        .setHost(host)
        .setCrawlId(CRAWL)
        .setDepth(0)
        .setMaxDepth(1)
        .setScope(CrawlScope.HOST)
        .setEnqueuedAt(ENQUEUED_AT)
        .build();
  }

  /** A request like {@code request} with another depth, max depth and scope. */
  public static FetchRequest request(
      FetchRequest request, int depth, int maxDepth, CrawlScope scope) {
    return FetchRequest.newBuilder(request)
        .setDepth(depth)
        .setMaxDepth(maxDepth)
        .setScope(scope)
        .build();
  }

  /** A 200 UTF-8 HTML page fetched for {@code request} from its own URL in 40 ms. */
  public static FetchResult html(FetchRequest request, String html) {
    return fetched(
        request, 200, "text/html; charset=UTF-8", html.getBytes(StandardCharsets.UTF_8), 40);
  }

  /** A FETCHED result with the given response. */
  public static FetchResult fetched(
      FetchRequest request, int status, String contentType, byte[] body, long latencyMs) {
    return FetchResult.newBuilder()
        .setRequest(request)
        .setOutcome(FetchOutcome.FETCHED)
        .setFinalUrl(request.getUrl())
        .setRedirectChain(List.of())
        .setStatus(status)
        .setHeaders(contentType == null ? Map.of() : Map.of("content-type", contentType))
        .setContentType(contentType)
        .setBody(ByteBuffer.wrap(body))
        .setFetchedAt(FETCHED_AT)
        .setLatencyMs(latencyMs)
        .build();
  }

  /** A result without a page: REDIRECTED, DENIED_BY_ROBOTS or BLOCKED. */
  public static FetchResult notFetched(
      FetchRequest request, FetchOutcome outcome, int status, ErrorType error, long latencyMs) {
    return FetchResult.newBuilder()
        .setRequest(request)
        .setOutcome(outcome)
        .setFinalUrl(request.getUrl())
        .setStatus(status)
        .setContentType(null)
        .setBody(ByteBuffer.wrap(new byte[0]))
        .setFetchedAt(FETCHED_AT)
        .setLatencyMs(latencyMs)
        .setError(new FetchError(error, error.name().toLowerCase()))
        .build();
  }

  /** Statistics of {@code host} with every count zero and every field set. */
  public static DomainStats emptyStats(String host) {
    return DomainStats.newBuilder()
        .setHost(host)
        .setWindowStart(null)
        .setWindowEnd(null)
        .setPages(0)
        .setBytes(0)
        .setStatusClasses(Map.of())
        .setOutcomes(Map.of())
        .setErrors(Map.of())
        .setLatencySumMs(0)
        .setLatencyMaxMs(0)
        .setLatencyBuckets(List.of())
        .setFirstSeen(0)
        .setLastSeen(0)
        .setDuplicates(0)
        .build();
  }

  /** A full latency histogram with the given counts at the given bucket indexes. */
  public static List<Long> latencyBuckets(Map<Integer, Long> counts) {
    List<Long> buckets =
        new ArrayList<>(Collections.nCopies(LatencyBuckets.UPPER_BOUNDS_MS.length + 1, 0L));
    counts.forEach(buckets::set);
    return buckets;
  }

  /** A URL that failed after three attempts. */
  public static FetchFailure failure(FetchRequest request, ErrorType error, long failedAt) {
    return FetchFailure.newBuilder()
        .setRequest(request)
        .setAttempts(3)
        .setError(new FetchError(error, error.name().toLowerCase()))
        .setFailedAt(failedAt)
        .build();
  }
}
