package dev.trawl.process.internal.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.trawl.runtime.AdminServer;
import dev.trawl.schemas.DomainStats;
import dev.trawl.schemas.LatencyBuckets;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The {@code /domains} endpoints, answered from the all-time statistics store with interactive
 * queries. {@code /domains/{host}} answers for a host held here, and redirects (307, with {@code
 * heldBy}) to the instance that holds it; {@code /domains?top=N} ranks the hosts of this instance's
 * partitions only and says which those are. Called on the admin server's thread; KafkaStreams'
 * query methods are thread-safe.
 */
public final class DomainQueries {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Supplier<KafkaStreams> streams;
  private final String store;
  private final String storeTopic;
  private final HostInfo self;

  /**
   * Queries {@code store} of the Streams client {@code streams} returns, running as {@code self};
   * the store's partitions are those of {@code storeTopic}.
   */
  public DomainQueries(
      Supplier<KafkaStreams> streams, String store, String storeTopic, HostInfo self) {
    this.streams = streams;
    this.store = store;
    this.storeTopic = storeTopic;
    this.self = self;
  }

  /** Serves {@code GET /domains/{host}} and {@code GET /domains?top=N}. */
  public void handle(HttpExchange exchange) throws IOException {
    try {
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/domains") || path.equals("/domains/")) {
        top(exchange, topParameter(exchange.getRequestURI().getRawQuery()));
      } else {
        host(
            exchange,
            URLDecoder.decode(path.substring("/domains/".length()), StandardCharsets.UTF_8));
      }
    } catch (IllegalArgumentException e) {
      json(exchange, 400, Map.of("error", e.getMessage()));
    } catch (InvalidStateStoreException e) {
      json(exchange, 503, Map.of("error", "state store not queryable now: " + e.getMessage()));
    }
  }

  private void host(HttpExchange exchange, String host) throws IOException {
    KafkaStreams client = streams.get();
    KeyQueryMetadata metadata =
        client.queryMetadataForKey(store, host, Serdes.String().serializer());
    if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE) {
      json(exchange, 503, Map.of("error", "no instance holds " + host + " right now"));
      return;
    }
    if (!metadata.activeHost().equals(self)) {
      String heldBy = address(metadata.activeHost());
      exchange.getResponseHeaders().set("Location", "http://" + heldBy + "/domains/" + host);
      json(
          exchange, 307, Map.of("host", host, "heldBy", heldBy, "partition", metadata.partition()));
      return;
    }
    DomainStats stats = localStore(client).get(host);
    if (stats == null) {
      json(exchange, 404, Map.of("error", "no statistics for " + host, "heldBy", address(self)));
    } else {
      json(exchange, 200, view(stats));
    }
  }

  private void top(HttpExchange exchange, int n) throws IOException {
    KafkaStreams client = streams.get();
    List<DomainStats> all = new ArrayList<>();
    try (KeyValueIterator<String, DomainStats> it = localStore(client).all()) {
      while (it.hasNext()) {
        KeyValue<String, DomainStats> next = it.next();
        all.add(next.value);
      }
    }
    all.sort(
        Comparator.comparingLong(DomainStats::getPages)
            .reversed()
            .thenComparing(DomainStats::getHost));
    TreeSet<Integer> partitions = new TreeSet<>();
    client.metadataForLocalThreads().stream()
        .flatMap(thread -> thread.activeTasks().stream())
        .flatMap(task -> task.topicPartitions().stream())
        .filter(tp -> tp.topic().equals(storeTopic))
        .forEach(tp -> partitions.add(tp.partition()));
    List<String> others =
        client.metadataForAllStreamsClients().stream()
            .map(meta -> meta.hostInfo())
            .filter(info -> !info.equals(self))
            .map(DomainQueries::address)
            .sorted()
            .toList();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("instance", address(self));
    body.put("coverage", "hosts of this instance's partitions only; ask the others for theirs");
    body.put("partitions", List.copyOf(partitions));
    body.put("otherInstances", others);
    body.put("top", all.stream().limit(n).map(DomainQueries::view).toList());
    json(exchange, 200, body);
  }

  private ReadOnlyKeyValueStore<String, DomainStats> localStore(KafkaStreams client) {
    return client.store(
        StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.keyValueStore()));
  }

  /** A host's statistics for people: counts, mean latency and an approximate p95. */
  static Map<String, Object> view(DomainStats stats) {
    long latencySamples = stats.getLatencyBuckets().stream().mapToLong(Long::longValue).sum();
    long p95 = LatencyBuckets.quantileUpperBoundMs(stats.getLatencyBuckets(), 0.95);
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("host", stats.getHost());
    view.put("pages", stats.getPages());
    view.put("bytes", stats.getBytes());
    view.put("statusClasses", stats.getStatusClasses());
    view.put("outcomes", stats.getOutcomes());
    view.put("errors", stats.getErrors());
    view.put(
        "latencyMeanMs", latencySamples == 0 ? null : stats.getLatencySumMs() / latencySamples);
    view.put("latencyMaxMs", stats.getLatencyMaxMs());
    // The upper bound of the histogram bucket holding the 95th percentile: never low, not exact.
    view.put("latencyP95UpperBoundMs", p95 < 0 || p95 == Long.MAX_VALUE ? null : p95);
    view.put("firstSeen", stats.getFirstSeen());
    view.put("lastSeen", stats.getLastSeen());
    return view;
  }

  static int topParameter(String query) {
    int n = 10;
    if (query != null) {
      for (String parameter : query.split("&")) {
        if (parameter.startsWith("top=")) {
          try {
            n = Integer.parseInt(parameter.substring(4));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                "top must be a number, was " + parameter.substring(4));
          }
        }
      }
    }
    if (n < 1 || n > 10_000) {
      throw new IllegalArgumentException("top must be 1..10000, was " + n);
    }
    return n;
  }

  private static String address(HostInfo info) {
    return info.host() + ":" + info.port();
  }

  private static void json(HttpExchange exchange, int status, Object body) throws IOException {
    String text;
    try {
      text = JSON.writeValueAsString(body) + "\n";
    } catch (JsonProcessingException e) {
      throw new IOException(e);
    }
    AdminServer.respond(exchange, status, "application/json", text);
  }
}
