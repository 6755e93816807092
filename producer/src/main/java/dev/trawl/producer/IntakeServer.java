package dev.trawl.producer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.trawl.producer.internal.IntakeError;
import dev.trawl.producer.internal.IntakeRequests;
import dev.trawl.producer.internal.MetricsListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP intake: {@code POST /crawls} (JSON) and {@code POST /urls} (text, one URL a line)
 * publish through a {@link UrlProducer} and answer only once Kafka has acknowledged every record,
 * with what was accepted and why lines were rejected. Served by the JDK's {@link HttpServer} (as
 * the admin endpoints are: no extra dependency) on a fixed pool of threads, because each request
 * blocks its thread until Kafka's acknowledgement; requests beyond the pool wait in the backlog.
 */
public final class IntakeServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final IntakeSettings settings;
  private final UrlProducer producer;
  private final IntakeRequests requests;
  private final ProduceListener lines;
  private final MeterRegistry registry;
  private final byte[] token;

  private IntakeServer(
      HttpServer server,
      ExecutorService executor,
      IntakeSettings settings,
      Clock clock,
      UrlProducer producer,
      MeterRegistry registry) {
    this.server = server;
    this.executor = executor;
    this.settings = settings;
    this.producer = producer;
    this.requests = new IntakeRequests(clock);
    this.lines = new MetricsListener(registry);
    this.registry = registry;
    this.token = settings.token().map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
  }

  /**
   * Starts serving; the caller keeps owning {@code producer} and closes it after this server.
   *
   * @param clock names crawls whose request gives no crawl id
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static IntakeServer start(
      IntakeSettings settings, Clock clock, UrlProducer producer, MeterRegistry registry) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(settings.host(), settings.port()), 128);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot serve the intake on " + settings.host() + ":" + settings.port(), e);
    }
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService executor =
        Executors.newFixedThreadPool(
            settings.threads(),
            r -> {
              Thread t = new Thread(r, "intake-http-" + threadNumber.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    server.setExecutor(executor);
    IntakeServer intake = new IntakeServer(server, executor, settings, clock, producer, registry);
    server.createContext("/", exchange -> intake.handle(exchange));
    server.start();
    return intake;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops accepting requests, waits up to a second for running ones. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdown();
    try {
      executor.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    int status;
    try {
      status = respond(exchange, 200, answer(exchange, path));
    } catch (IntakeError e) {
      ObjectNode error = JSON.createObjectNode();
      error.put("reason", e.reason()).put("message", e.getMessage());
      if (e.status() == 405) {
        exchange.getResponseHeaders().set("Allow", "POST");
      } else if (e.status() == 401) {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
      }
      status = respond(exchange, e.status(), error);
    } finally {
      exchange.close();
    }
    Counter.builder("trawl.intake.requests")
        .description("Intake requests, by path and status")
        .tag("path", path.equals("/crawls") || path.equals("/urls") ? path : "other")
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }

  /** Checks, reads, parses and publishes one request; its JSON answer or why it was refused. */
  private ObjectNode answer(HttpExchange exchange, String path) throws IntakeError, IOException {
    authorize(exchange);
    if (!path.equals("/crawls") && !path.equals("/urls")) {
      throw new IntakeError(404, "NOT_FOUND", "no such endpoint: " + path);
    }
    if (!exchange.getRequestMethod().equals("POST")) {
      throw new IntakeError(
          405,
          "METHOD_NOT_ALLOWED",
          path + " accepts POST only, not " + exchange.getRequestMethod());
    }
    byte[] body = body(exchange);
    IntakeRequests.Parsed parsed =
        path.equals("/crawls")
            ? requests.crawl(body)
            : requests.urls(body, exchange.getRequestURI().getRawQuery());
    ProduceSummary summary = producer.publish(UrlSource.of(parsed.lines()), parsed.crawl(), lines);
    if (!summary.completed()) {
      throw new IntakeError(
          503,
          "KAFKA_UNAVAILABLE",
          summary.failure().orElse(summary.failedSends() + " sends failed")
              + " (published "
              + summary.published()
              + " of "
              + summary.accepted()
              + ")");
    }
    ObjectNode result = JSON.createObjectNode();
    result.put("crawlId", parsed.crawl().crawlId());
    result.put("accepted", summary.accepted());
    result.put("duplicates", summary.duplicates());
    ArrayNode rejected = result.putArray("rejected");
    for (Rejection rejection : summary.rejections()) {
      rejected
          .addObject()
          .put("line", rejection.lineNumber())
          .put("reason", rejection.reason().name())
          .put("message", rejection.message());
    }
    return result;
  }

  /** Refuses the request unless the token is unset or given, compared in constant time. */
  private void authorize(HttpExchange exchange) throws IntakeError {
    if (token == null) {
      return;
    }
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    byte[] given =
        header != null && header.startsWith("Bearer ")
            ? header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    if (!MessageDigest.isEqual(token, given)) {
      throw new IntakeError(401, "UNAUTHORIZED", "a valid Authorization: Bearer token is required");
    }
  }

  /** The request body, refused with 413 when longer than the limit (declared or read). */
  private byte[] body(HttpExchange exchange) throws IntakeError, IOException {
    long limit = settings.maxBodyBytes();
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      long length;
      try {
        length = Long.parseLong(declared.trim());
      } catch (NumberFormatException e) {
        throw new IntakeError(400, "INVALID_REQUEST", "bad Content-Length: " + declared);
      }
      if (length > limit) {
        throw tooLarge(length + " bytes");
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes((int) limit + 1);
      if (body.length > limit) {
        throw tooLarge("more than " + limit + " bytes");
      }
      return body;
    }
  }

  private IntakeError tooLarge(String size) {
    return new IntakeError(
        413,
        "BODY_TOO_LARGE",
        "the body is " + size + "; the limit is " + settings.maxBodyBytes() + " bytes");
  }

  private static int respond(HttpExchange exchange, int status, ObjectNode body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
    return status;
  }
}
