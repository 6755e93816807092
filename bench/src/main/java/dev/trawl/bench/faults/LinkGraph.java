package dev.trawl.bench.faults;

import dev.trawl.embedded.DemoSite;
import dev.trawl.process.PageParser;
import dev.trawl.runtime.crawl.CrawlScopes;
import dev.trawl.runtime.crawl.Urls;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * The crawl the demo site defines: every URL reachable from the seeds by links a crawl follows
 * ({@link CrawlScopes#followedLinks}, the rules of the process worker), with its distance. Pages
 * are read from the site over loopback and parsed by the process worker's own parser, so the links
 * are those the worker finds.
 *
 * <p>A crawl records a URL at the depth it was first seen, which depends on timing; so the URLs a
 * crawl to depth D fetches lie between those within D - 1 links of a seed (a seed is always crawled
 * at depth 0 when seeds are published before any page is processed, so its links are followed) and
 * those within D.
 */
final class LinkGraph {

  private static final int CONCURRENCY = 64;

  private final Map<String, Integer> distance;

  private LinkGraph(Map<String, Integer> distance) {
    this.distance = distance;
  }

  /** Reads the site from {@code seeds} to {@code maxDepth} links with {@code scope}. */
  static LinkGraph read(DemoSite site, List<String> seeds, int maxDepth, CrawlScope scope)
      throws InterruptedException {
    Map<String, Integer> distance = new HashMap<>();
    List<String> level = new ArrayList<>();
    for (String seed : seeds) {
      String url = Urls.normalise(seed);
      if (distance.putIfAbsent(url, 0) == null) {
        level.add(url);
      }
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    PageParser parser = new PageParser();
    for (int depth = 0; depth < maxDepth; depth++) {
      List<String> next = new ArrayList<>();
      for (List<String> links : links(http, parser, site, level, depth, maxDepth, scope)) {
        for (String link : links) {
          if (distance.putIfAbsent(link, depth + 1) == null) {
            next.add(link);
          }
        }
      }
      level = next;
    }
    return new LinkGraph(distance);
  }

  /** The URLs within {@code links} links of a seed. */
  int within(int links) {
    return (int) distance.values().stream().filter(d -> d <= links).count();
  }

  /** True when {@code url} is within {@code links} links of a seed. */
  boolean isWithin(String url, int links) {
    Integer d = distance.get(url);
    return d != null && d <= links;
  }

  /** The followed links of each page of {@code level} that answers 200 (others have none). */
  private static List<List<String>> links(
      HttpClient http,
      PageParser parser,
      DemoSite site,
      List<String> level,
      int depth,
      int maxDepth,
      CrawlScope scope)
      throws InterruptedException {
    Semaphore slots = new Semaphore(CONCURRENCY);
    List<CompletableFuture<List<String>>> pending = new ArrayList<>();
    for (String url : level) {
      if (site.expectedStatus(url) != 200) {
        continue;
      }
      slots.acquire();
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build();
      pending.add(
          http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
              .thenApply(r -> followed(parser, url, r.body(), depth, maxDepth, scope))
              .whenComplete((links, e) -> slots.release()));
    }
    return pending.stream().map(CompletableFuture::join).toList();
  }

  private static List<String> followed(
      PageParser parser, String url, byte[] body, int depth, int maxDepth, CrawlScope scope) {
    String host = Urls.host(url);
    FetchRequest request =
        FetchRequest.newBuilder()
            .setUrl(url)
            .setHost(host)
            .setCrawlId("graph")
            .setDepth(depth)
            .setMaxDepth(maxDepth)
            .setScope(scope)
            .setEnqueuedAt(0)
            .build();
    FetchResult page =
        FetchResult.newBuilder()
            .setRequest(request)
            .setOutcome(FetchOutcome.FETCHED)
            .setFinalUrl(url)
            .setStatus(200)
            .setContentType("text/html; charset=utf-8")
            .setBody(ByteBuffer.wrap(body))
            .setFetchedAt(0)
            .setLatencyMs(0)
            .build();
    Document document = parser.parse(page);
    return CrawlScopes.followedLinks(
            FetchOutcome.FETCHED, depth, maxDepth, scope, host, document.getOutlinks())
        .stream()
        .map(CrawlScopes.Link::url)
        .toList();
  }
}
