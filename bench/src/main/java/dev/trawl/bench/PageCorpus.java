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

/** The process benchmark's pages: demo-site pages held in memory as fetch results. */
final class PageCorpus {

  /** Hosts of the corpus: enough for every partition of trawl.pages to get a fair share. */
  static final int HOSTS = 48;

  private PageCorpus() {}

  /**
   * Fetches {@code count} pages of a DemoSite without latency into memory, as fetch results, from
   * {@link #HOSTS} hosts: pages are keyed by host, so a handful of hosts would leave some of the
   * partitions (and stream threads) without work.
   */
  static List<FetchResult> fetch(int count) throws Exception {
    DemoSite.Options options =
        DemoSite.Options.defaults()
            .withLatency(Duration.ZERO)
            .withHosts(HOSTS)
            .withPagesPerHost((count + HOSTS - 1) / HOSTS);
    List<FetchResult> results = new ArrayList<>(count);
    try (DemoSite site = DemoSite.start(options)) {
      HttpClient http = HttpClient.newHttpClient();
      for (String url : site.pageUrls(count)) {
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

  /** Publishes the corpus to trawl.pages, keyed by host. */
  static void load(KafkaSettings settings, List<FetchResult> corpus) throws Exception {
    try (KafkaProducer<String, FetchResult> producer =
        new KafkaProducer<>(
            settings.producer(),
            Topics.PAGES.keySerde().serializer(),
            Topics.PAGES.valueSerde().serializer())) {
      for (FetchResult result : corpus) {
        producer.send(
            new ProducerRecord<>(Topics.PAGES.name(), result.getRequest().getHost(), result));
      }
      producer.flush();
    }
  }
}
