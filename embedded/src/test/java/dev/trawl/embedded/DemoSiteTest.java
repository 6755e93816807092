package dev.trawl.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DemoSiteTest {
  private static final Pattern HREF = Pattern.compile("<a href=\"([^\"]*)\"");
  private static final DemoSite.Options FAST =
      DemoSite.Options.defaults()
          .withHosts(4)
          .withPagesPerHost(200)
          .withLatency(Duration.ZERO)
          .withPageBytes(20_000)
          .withServerErrorRate(0.05)
          .withNotFoundRate(0.05);

  private static DemoSite site;
  private static HttpClient client;

  @BeforeAll
  static void start() {
    site = DemoSite.start(FAST);
    client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  @AfterAll
  static void stop() {
    site.close();
  }

  @Test
  void servesTheSameBytesTwice() throws Exception {
    String url = site.pageUrls(7).get(6);

    HttpResponse<byte[]> first = get(url);

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(get(url).body()).isEqualTo(first.body());
  }

  @Test
  void servesPagesOfAboutTheConfiguredSizeWithTheUsualHeadTags() throws Exception {
    for (String url : site.seedUrls()) {
      String html = new String(get(url).body(), StandardCharsets.UTF_8);

      assertThat(html.getBytes(StandardCharsets.UTF_8).length).isBetween(19_000, 21_000);
      assertThat(html)
          .containsPattern("<html lang=\"[a-z]{2}\">")
          .containsPattern("<title>[^<]+</title>")
          .containsPattern("<meta name=\"description\" content=\"[^\"]+\">")
          .contains("<link rel=\"canonical\" href=\"" + url + "\">")
          .contains("<h1>", "<h2 ", "<p>")
          .endsWith("</html>\n");
    }
  }

  @Test
  void linksToPagesOfItsOwnHostsIncludingOtherHostsAndMissingPages() throws Exception {
    String url = site.pageUrls(3).get(2);
    String html = new String(get(url).body(), StandardCharsets.UTF_8);

    List<URI> links = new ArrayList<>();
    Matcher href = HREF.matcher(html);
    while (href.find()) {
      links.add(URI.create(url).resolve(href.group(1)));
    }

    assertThat(links).hasSizeBetween(18, 24);
    assertThat(links).allSatisfy(link -> assertThat(link.getPort()).isEqualTo(site.port()));
    assertThat(links).extracting(URI::getHost).containsAll(site.hosts()).hasSizeBetween(18, 24);
    assertThat(links).extracting(URI::getHost).doesNotContain("127.0.0.5");
    assertThat(links).extracting(link -> site.expectedStatus(link.toString())).contains(200, 404);
  }

  @Test
  void answersWithTheExpectedStatusForEveryPageAndForMissingOnes() throws Exception {
    List<String> urls = new ArrayList<>(site.pageUrls(4 * 200));
    urls.add("http://127.0.0.2:" + site.port() + "/page/200");
    urls.add("http://127.0.0.3:" + site.port() + "/page/007");
    urls.add("http://127.0.0.1:" + site.port() + "/robots.txt");
    urls.add("http://127.0.0.4:" + site.port() + "/");

    Map<String, Integer> expected = new LinkedHashMap<>();
    Map<String, Integer> served = new LinkedHashMap<>();
    for (String url : urls) {
      expected.put(url, site.expectedStatus(url));
      served.put(url, get(url).statusCode());
    }

    assertThat(served).isEqualTo(expected);
    assertThat(served.values()).contains(200, 404, 500);
    assertThat(expected.get(urls.get(800))).isEqualTo(404);
    assertThat(site.seedUrls())
        .allSatisfy(url -> assertThat(site.expectedStatus(url)).isEqualTo(200));
  }

  @Test
  void listsSeedsAndPagesRoundRobinAcrossHosts() {
    String base = ":" + site.port() + "/page/";

    assertThat(site.hosts()).containsExactly("127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4");
    assertThat(site.seedUrls())
        .containsExactly(
            "http://127.0.0.1" + base + 0,
            "http://127.0.0.2" + base + 0,
            "http://127.0.0.3" + base + 0,
            "http://127.0.0.4" + base + 0);
    assertThat(site.pageUrls(6))
        .containsExactly(
            "http://127.0.0.1" + base + 0,
            "http://127.0.0.2" + base + 0,
            "http://127.0.0.3" + base + 0,
            "http://127.0.0.4" + base + 0,
            "http://127.0.0.1" + base + 1,
            "http://127.0.0.2" + base + 1);
    assertThat(site.pageUrls(800)).doesNotHaveDuplicates().hasSize(800);
    assertThat(site.pageUrl(2, 199)).isEqualTo("http://127.0.0.3" + base + 199);
  }

  @Test
  void rejectsQuestionsItCannotAnswer() {
    assertThatThrownBy(() -> site.pageUrls(801))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("count must be in [0, 800], was 801");
    assertThatThrownBy(() -> site.pageUrl(4, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no page 0 on host 4");
    assertThatThrownBy(() -> site.pageUrl(0, 200))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no page 200 on host 0");
    assertThatThrownBy(() -> site.expectedStatus("http://127.0.0.9:" + site.port() + "/page/1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a URL of this demo site: http://127.0.0.9:" + site.port() + "/page/1");
  }

  @Test
  void aPageCacheServesTheSameBytesAsRenderingEveryTime() throws Exception {
    // Room for two of the three pages: the third is rendered on every request.
    try (DemoSite cached = DemoSite.start(FAST.withPageCacheBytes(45_000))) {
      List<String> urls = cached.pageUrls(3);
      for (int round = 0; round < 2; round++) {
        for (String url : urls) {
          // Same layout and seed on another port: the pages differ only in their absolute links.
          String uncachedUrl = url.replace(":" + cached.port() + "/", ":" + site.port() + "/");
          String fromCache = new String(get(url).body(), StandardCharsets.UTF_8);
          String rendered = new String(get(uncachedUrl).body(), StandardCharsets.UTF_8);
          assertThat(fromCache.replace(":" + cached.port() + "/", ":PORT/"))
              .isEqualTo(rendered.replace(":" + site.port() + "/", ":PORT/"));
        }
      }
    }
  }

  @Test
  void optionsRejectValuesOutOfRange() {
    DemoSite.Options options = DemoSite.Options.defaults();

    assertThatThrownBy(() -> options.withHosts(255))
        .hasMessage("hosts must be in [1, 254], was 255");
    assertThatThrownBy(() -> options.withPagesPerHost(0))
        .hasMessage("pagesPerHost must be at least 1, was 0");
    assertThatThrownBy(() -> options.withLatency(Duration.ofMillis(-1)))
        .hasMessage("latency must not be negative, was PT-0.001S");
    assertThatThrownBy(() -> options.withPageBytes(100))
        .hasMessage("pageBytes must be in [4096, 16777216], was 100");
    assertThatThrownBy(() -> options.withServerErrorRate(1.5))
        .hasMessage("serverErrorRate must be in [0, 1], was 1.5");
    assertThatThrownBy(() -> options.withNotFoundRate(0.5).withServerErrorRate(0.75))
        .hasMessage("serverErrorRate + notFoundRate must be at most 1, was 1.25");
    assertThatThrownBy(() -> options.withPageCacheBytes(-1))
        .hasMessage("pageCacheBytes must not be negative, was -1");
  }

  @Test
  void countsTheRequestsItServes() throws Exception {
    long before = site.requestsServed();

    get(site.seedUrls().get(0));
    get(site.seedUrls().get(1));

    assertThat(site.requestsServed()).isGreaterThanOrEqualTo(before + 2);
  }

  @Test
  void answersAfterTheConfiguredLatency() throws Exception {
    try (DemoSite slow = DemoSite.start(FAST.withLatency(Duration.ofMillis(200)))) {
      long start = System.nanoTime();
      HttpResponse<byte[]> response = get(slow.seedUrls().get(0));
      long elapsed = System.nanoTime() - start;

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(elapsed).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
    }
  }

  @Test
  void answersFiveHundredConcurrentRequestsWithoutAThreadEach() throws Exception {
    try (DemoSite slow = DemoSite.start(FAST.withLatency(Duration.ofMillis(200)))) {
      List<String> urls = slow.pageUrls(500);
      List<CompletableFuture<HttpResponse<byte[]>>> responses = new ArrayList<>();
      for (String url : urls) {
        responses.add(client.sendAsync(request(url), BodyHandlers.ofByteArray()));
      }
      CompletableFuture.allOf(responses.toArray(CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);

      Map<String, Integer> served = new LinkedHashMap<>();
      Map<String, Integer> expected = new LinkedHashMap<>();
      for (int i = 0; i < urls.size(); i++) {
        served.put(urls.get(i), responses.get(i).join().statusCode());
        expected.put(urls.get(i), slow.expectedStatus(urls.get(i)));
      }
      assertThat(served).isEqualTo(expected);
      assertThat(slow.requestsServed()).isEqualTo(500);
    }
  }

  private static HttpResponse<byte[]> get(String url) throws Exception {
    return client.send(request(url), BodyHandlers.ofByteArray());
  }

  private static HttpRequest request(String url) {
    return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build();
  }
}
