package dev.trawl.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trawl.runtime.KafkaSettings;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntakeServerTest {

  private static final Clock CLOCK = Clock.fixed(MixedInput.NOW, ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "s3cret-token";

  /** Longer than the producer's send timeout, within which the intake answers. */
  private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private final HttpClient http = HttpClient.newHttpClient();
  private UrlProducer producer;
  private IntakeServer server;
  private String topic;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    if (producer != null) {
      producer.close();
    }
  }

  @Test
  void publishesTheSeedsOfACrawlAndAnswersWithWhatWasAccepted() throws Exception {
    start(Optional.empty(), 10_000);
    String body =
        """
        {"seeds": ["http://Example.com/a", "ftp://example.com/f", "http://example.com/a#x",
                   "https://b.example/p?z=1&a=2"],
         "crawlId": "crawl-http", "depth": 2, "scope": "DOMAIN", "metadata": {"team": "ads"}}
        """;

    HttpResponse<String> response = post("/crawls", body, null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()))
        .isEqualTo(
            JSON.readTree(
                """
                {"crawlId": "crawl-http", "accepted": 2, "duplicates": 1,
                 "rejected": [{"line": 2, "reason": "UNSUPPORTED_SCHEME",
                               "message": "unsupported scheme \\"ftp\\" (only http and https)"}]}
                """));
    CrawlSpec crawl = new CrawlSpec("crawl-http", 2, CrawlScope.DOMAIN, Map.of("team", "ads"));
    assertThat(records())
        .containsExactlyInAnyOrder(
            Map.entry("example.com", request("http://example.com/a", "example.com", crawl)),
            Map.entry("b.example", request("https://b.example/p?a=2&z=1", "b.example", crawl)));
  }

  @Test
  void publishesTextLinesWithTheCrawlInTheQuery() throws Exception {
    start(Optional.empty(), 10_000);

    HttpResponse<String> response =
        post(
            "/urls?crawlId=crawl-text&depth=1&scope=ANY&metadata=run%3D7",
            "http://a.example/\nnot a url\n\nhttp://a.example/\n", null);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()))
        .isEqualTo(
            JSON.readTree(
                """
                {"crawlId": "crawl-text", "accepted": 1, "duplicates": 1,
                 "rejected": [{"line": 2, "reason": "ILLEGAL_CHARACTER",
                   "message": "whitespace or control character at index 3 (U+0020)"}]}
                """));
    CrawlSpec crawl = new CrawlSpec("crawl-text", 1, CrawlScope.ANY, Map.of("run", "7"));
    assertThat(records())
        .containsExactly(Map.entry("a.example", request("http://a.example/", "a.example", crawl)));
  }

  @Test
  void declaresACrawlWithItsRulesAndAddsLaterUrlsWithoutDeclaringAgain() throws Exception {
    start(Optional.empty(), 10_000);
    String crawlId = "intake-rules-" + java.util.UUID.randomUUID();
    String body =
        """
        {"seeds": ["http://a.example/"], "crawlId": "%s", "depth": 1,
         "rules": [{"name": "price", "selector": ".price", "regex": "([0-9.]+)"},
                   {"name": "links", "selector": "a", "take": "attribute",
                    "attribute": "abs:href", "all": true}],
         "mainText": true, "mainTextMaxBytes": 1000}
        """
            .formatted(crawlId);

    assertThat(post("/crawls", body, null).statusCode()).isEqualTo(200);
    assertThat(post("/urls?crawlId=" + crawlId, "http://a.example/more", null).statusCode())
        .isEqualTo(200);

    assertThat(TestTopics.definitions().stream().filter(d -> d.getCrawlId().equals(crawlId)))
        .containsExactly(
            dev.trawl.schemas.CrawlDefinition.newBuilder()
                .setCrawlId(crawlId)
                .setMaxDepth(1)
                .setScope(CrawlScope.HOST)
                .setRules(
                    List.of(
                        dev.trawl.schemas.ExtractionRule.newBuilder()
                            .setName("price")
                            .setSelector(".price")
                            .setRegex("([0-9.]+)")
                            .setUrlPatterns(List.of())
                            .build(),
                        dev.trawl.schemas.ExtractionRule.newBuilder()
                            .setName("links")
                            .setSelector("a")
                            .setTake(dev.trawl.schemas.ExtractionTake.ATTRIBUTE)
                            .setAttribute("abs:href")
                            .setAll(true)
                            .setUrlPatterns(List.of())
                            .build()))
                .setMainText(true)
                .setMainTextMaxBytes(1000)
                .setCreatedAt(MixedInput.NOW.toEpochMilli())
                .build());
    assertThat(records()).hasSize(2);
  }

  @Test
  void refusesABadRuleNamingItAndPublishesNothing() throws Exception {
    start(Optional.empty(), 10_000);

    HttpResponse<String> response =
        post(
            "/crawls",
            "{\"seeds\": [\"http://a.example/\"], \"rules\": [{\"name\": \"sku\","
                + " \"selector\": \".sku\", \"regex\": \"(\"}]}",
            null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(response.body()))
        .isEqualTo(
            JSON.createObjectNode()
                .put("reason", "INVALID_REQUEST")
                .put(
                    "message",
                    "rule \"sku\": regex \"(\" is not valid: Unclosed group near index 1"));
    assertThat(TestTopics.count(topic)).isZero();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/crawls | {\"seeds\": [\"http://a.example/\" | 400 | MALFORMED_JSON",
        "/crawls | {\"seeds\": []} | 400 | INVALID_REQUEST",
        "/crawls | {\"seeds\": [\"http://a.example/\"], \"depth\": -1} | 400 | INVALID_REQUEST",
        "/crawls | {\"seeds\": [\"http://a.example/\"], \"colour\": 1} | 400 | INVALID_REQUEST",
        "/urls?scope=GALAXY | http://a.example/ | 400 | INVALID_REQUEST",
        "/crawls | {\"seeds\": [\"http://a.example/0123456789012345678901234567890123456789\"]}"
            + " | 413 | BODY_TOO_LARGE",
        "/nowhere | http://a.example/ | 404 | NOT_FOUND",
      })
  void refusesBadRequestsWithAReasonAndPublishesNothing(
      String path, String body, int status, String reason) throws Exception {
    start(Optional.empty(), 64);

    HttpResponse<String> response = post(path, body, null);

    assertThat(response.statusCode()).isEqualTo(status);
    JsonNode answer = JSON.readTree(response.body());
    assertThat(answer.get("reason").asText()).isEqualTo(reason);
    assertThat(answer.get("message").asText()).isNotBlank();
    assertThat(TestTopics.count(topic)).isZero();
  }

  @Test
  void explainsEachRefusalExactly() throws Exception {
    start(Optional.empty(), 64);

    assertThat(post("/crawls", "{\"seeds\": [1]}", null).body())
        .isEqualTo(
            "{\"reason\":\"INVALID_REQUEST\",\"message\":\"seeds must be a non-empty array of URL"
                + " strings, not containing 1\"}");
    assertThat(post("/crawls", "x".repeat(65), null).body())
        .isEqualTo(
            "{\"reason\":\"BODY_TOO_LARGE\",\"message\":\"the body is 65 bytes; the limit is 64"
                + " bytes\"}");
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(uri("/urls")).timeout(ANSWER_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("POST");
    assertThat(get.body())
        .isEqualTo(
            "{\"reason\":\"METHOD_NOT_ALLOWED\",\"message\":\"/urls accepts POST only, not"
                + " GET\"}");
  }

  @Test
  void enforcesTheBearerToken() throws Exception {
    start(Optional.of(TOKEN), 10_000);

    HttpResponse<String> none = post("/urls?crawlId=c", "http://a.example/", null);
    HttpResponse<String> wrong = post("/urls?crawlId=c", "http://a.example/", "s3cret-tokem");
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    assertThat(wrong.body())
        .isEqualTo(
            "{\"reason\":\"UNAUTHORIZED\",\"message\":\"a valid Authorization: Bearer token is"
                + " required\"}");
    assertThat(TestTopics.count(topic)).isZero();

    HttpResponse<String> right = post("/urls?crawlId=c", "http://a.example/", TOKEN);
    assertThat(right.statusCode()).isEqualTo(200);
    assertThat(TestTopics.count(topic)).isEqualTo(1);
  }

  @Test
  void readsTextBodiesLineByLineRefusingLongAndMalformedLines() throws Exception {
    start(Optional.empty(), 10_000_000);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes("http://a.example/1\n".getBytes(StandardCharsets.UTF_8));
    body.writeBytes("x".repeat(100_000).getBytes(StandardCharsets.UTF_8));
    body.writeBytes(new byte[] {'\n', (byte) 0xC3, '(', '\n'});
    body.writeBytes("http://a.example/4\n".getBytes(StandardCharsets.UTF_8));

    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri("/urls?crawlId=c"))
                .timeout(ANSWER_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(response.body()))
        .isEqualTo(
            JSON.readTree(
                """
                {"crawlId": "c", "accepted": 2, "duplicates": 0,
                 "rejected": [{"line": 2, "reason": "LINE_TOO_LONG",
                               "message": "line longer than 65,536 bytes (100,000 bytes)"},
                              {"line": 3, "reason": "MALFORMED_TEXT",
                               "message": "not valid UTF-8 (byte 0xC3 at index 0)"}]}
                """));
    assertThat(TestTopics.count(topic)).isEqualTo(2);
  }

  @Test
  void refusesMetadataOverTheLimit() throws Exception {
    start(Optional.empty(), 100_000);
    String body =
        "{\"seeds\": [\"http://a.example/\"], \"metadata\": {\"k\": \""
            + "v".repeat(CrawlSpec.MAX_METADATA_BYTES)
            + "\"}}";

    HttpResponse<String> response = post("/crawls", body, null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .isEqualTo(
            "{\"reason\":\"INVALID_REQUEST\",\"message\":\"metadata is 8,193 bytes (keys and values"
                + " in UTF-8); the limit is 8,192\"}");
    assertThat(TestTopics.count(topic)).isZero();
  }

  @Test
  void answers503WithRetryAfterWhenEveryThreadIsBusyAndTheQueueIsFull() throws Exception {
    start(Optional.empty(), 10_000, 1, 0, Duration.ofSeconds(60));
    try (Socket slow = new Socket("127.0.0.1", server.port())) {
      slow.getOutputStream()
          .write(
              ("POST /urls?crawlId=slow HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n"
                      + "\r\nhttp://a.example/1\n")
                  .getBytes(StandardCharsets.US_ASCII));
      slow.getOutputStream().flush();

      HttpResponse<String> refused =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> post("/urls?crawlId=c", "http://b.example/", null),
                  r -> r.statusCode() == 503);

      assertThat(refused.headers().firstValue("Retry-After")).contains("1");
      assertThat(refused.body())
          .isEqualTo(
              "{\"reason\":\"OVERLOADED\",\"message\":\"the intake is handling 1 requests with 0"
                  + " waiting; retry after 1 s\"}");
    }
  }

  @Test
  void answers408WhenABodyStallsForTheReadTimeout() throws Exception {
    start(Optional.empty(), 10_000, 2, 0, Duration.ofMillis(500));
    try (Socket stalled = new Socket("127.0.0.1", server.port())) {
      stalled.setSoTimeout(30_000);
      stalled
          .getOutputStream()
          .write(
              ("POST /urls?crawlId=stalled HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n"
                      + "\r\nhttp://a.example/1\n")
                  .getBytes(StandardCharsets.US_ASCII));
      stalled.getOutputStream().flush();

      String answer = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

      assertThat(answer).startsWith("HTTP/1.1 408 ");
      assertThat(answer)
          .endsWith(
              "{\"reason\":\"REQUEST_TIMEOUT\",\"message\":\"the body sent nothing for 500 ms"
                  + " (published 1 first)\"}");
    }
  }

  private void start(Optional<String> token, long maxBodyBytes) throws Exception {
    start(token, maxBodyBytes, 4, 64, Duration.ofSeconds(30));
  }

  private void start(
      Optional<String> token, long maxBodyBytes, int threads, int queue, Duration readTimeout)
      throws Exception {
    topic = TestTopics.create(3);
    producer =
        new UrlProducer(
            KafkaSettings.of(TestTopics.bootstrapServers()),
            PublishSettings.defaults()
                .with(PublishSettings.TOPIC, topic)
                .with(PublishSettings.SEND_TIMEOUT, Duration.ofSeconds(10)),
            CLOCK);
    IntakeSettings settings =
        IntakeSettings.defaults()
            .with(IntakeSettings.HOST, "127.0.0.1")
            .with(IntakeSettings.PORT, 0)
            .with(IntakeSettings.MAX_BODY_BYTES, maxBodyBytes)
            .with(IntakeSettings.THREADS, threads)
            .with(IntakeSettings.QUEUE, queue)
            .with(IntakeSettings.READ_TIMEOUT, readTimeout)
            .with(IntakeSettings.TOKEN, token.orElse(null));
    server = IntakeServer.start(settings, CLOCK, producer, new SimpleMeterRegistry());
  }

  private HttpResponse<String> post(String path, String body, String token) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(ANSWER_TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  private List<Map.Entry<String, FetchRequest>> records() {
    return TestTopics.readAll(topic).stream().map(r -> Map.entry(r.key(), r.value())).toList();
  }

  private static FetchRequest request(String url, String host, CrawlSpec crawl) {
    return FetchRequest.newBuilder()
        .setUrl(url)
        .setHost(host)
        .setCrawlId(crawl.crawlId())
        .setDepth(0)
        .setMaxDepth(crawl.maxDepth())
        .setScope(crawl.scope())
        .setAttempt(0)
        .setEnqueuedAt(MixedInput.NOW.toEpochMilli())
        .setNotBefore(null)
        .setReferrer(null)
        .setMetadata(crawl.metadata())
        .build();
  }
}
