package dev.trawl.bench;

import dev.trawl.embedded.DemoSite;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;

/** The process benchmark's pages: demo-site pages held in memory as fetch results. */
final class PageCorpus {

  /** Hosts of the corpus: the same number in every partition of the per-host state. */
  static final int HOSTS = 48;

  private PageCorpus() {}

  /**
   * Fetches {@code count} pages of a DemoSite without latency into memory, as fetch results, from
   * {@link #HOSTS} hosts chosen so that each of the {@code partitions} partitions keyed by host
   * (the process worker's repartition topic, where its per-host stores are) holds as many of them:
   * 48 hosts hashed at random would give one partition twice the sightings of another. Pages
   * themselves are keyed by URL ({@link Topics#pageKey}), so they spread over trawl.pages whatever
   * the hosts. Pages are taken round-robin across the chosen hosts.
   */
  static List<FetchResult> fetch(int count, int partitions) throws Exception {
    if (HOSTS % partitions != 0) {
      throw new IllegalArgumentException(HOSTS + " hosts do not divide into " + partitions);
    }
    int pagesPerHost = (count + HOSTS - 1) / HOSTS;
    DemoSite.Options options =
        DemoSite.Options.defaults()
            .withLatency(Duration.ZERO)
            .withHosts(4 * HOSTS)
            .withPagesPerHost(pagesPerHost);
    List<FetchResult> results = new ArrayList<>(count);
    try (DemoSite site = DemoSite.start(options)) {
      List<Integer> hosts = balancedHosts(site.hosts(), partitions);
      HttpClient http = HttpClient.newHttpClient();
      for (int i = 0; i < count; i++) {
        String url = site.pageUrl(hosts.get(i % HOSTS), i / HOSTS);
        HttpResponse<byte[]> response =
            http.send(
                HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        String host = URI.create(url).getHost();
        String contentType = response.headers().firstValue("content-type").orElse("text/html");
        FetchRequest request =
            FetchRequest.newBuilder()
                .setUrl(url)
                .setHost(host)
                .setCrawlId("bench")
                .setDepth(0)
                .setMaxDepth(1)
                .setScope(CrawlScope.HOST)
                .setEnqueuedAt(1)
                .build();
        results.add(
            FetchResult.newBuilder()
                .setRequest(request)
                .setOutcome(FetchOutcome.FETCHED)
                .setFinalUrl(url)
                .setRedirectChain(List.of())
                .setStatus(response.statusCode())
                .setHeaders(Map.of("content-type", contentType))
                .setContentType(contentType)
                .setBody(ByteBuffer.wrap(response.body()))
                .setFetchedAt(System.currentTimeMillis())
                .setLatencyMs(1)
                .build());
      }
    }
    return results;
  }

  /** Indexes of {@link #HOSTS} hosts, the same number of them in every partition. */
  private static List<Integer> balancedHosts(List<String> siteHosts, int partitions) {
    int[] taken = new int[partitions];
    List<Integer> hosts = new ArrayList<>(HOSTS);
    for (int i = 0; i < siteHosts.size() && hosts.size() < HOSTS; i++) {
      byte[] key =
          Topics.PAGES.keySerde().serializer().serialize(Topics.PAGES.name(), siteHosts.get(i));
      int partition = BuiltInPartitioner.partitionForKey(key, partitions);
      if (taken[partition] < HOSTS / partitions) {
        taken[partition]++;
        hosts.add(i);
      }
    }
    if (hosts.size() < HOSTS) {
      throw new IllegalStateException(
          "too few site hosts to balance " + partitions + " partitions");
    }
    return hosts;
  }

  /** Publishes the corpus to trawl.pages, keyed as the fetch workers key pages. */
  static void load(KafkaSettings settings, List<FetchResult> corpus) throws Exception {
    try (KafkaProducer<String, FetchResult> producer =
        new KafkaProducer<>(
            settings.producer(),
            Topics.PAGES.keySerde().serializer(),
            Topics.PAGES.valueSerde().serializer())) {
      for (FetchResult result : corpus) {
        producer.send(new ProducerRecord<>(Topics.PAGES.name(), Topics.pageKey(result), result));
      }
      producer.flush();
    }
  }
}
