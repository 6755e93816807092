package dev.trawl.producer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trawl.producer.internal.IntakeError;
import dev.trawl.producer.internal.IntakeRequests;
import dev.trawl.producer.internal.MetricsListener;
import dev.trawl.producer.internal.RequestBody;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP intake: {@code POST /crawls} (JSON) and {@code POST /urls} (text, one URL a line)
 * publish through a {@link UrlProducer} and answer only once Kafka has acknowledged every record,
 * with what was accepted and why lines were rejected. Served by Jetty: {@code threads} requests at
 * once (each holds its thread until Kafka's acknowledgement), at most {@code queue} more waiting
 * without a thread ({@link Admission}, answering 503 with Retry-After beyond), and a connection
 * that sends nothing for the read timeout is closed. A {@code /urls} body is read line by line as
 * it arrives, with the per-line limit of {@code trawl produce}.
 */
public final class IntakeServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Threads Jetty needs besides the request threads: the acceptor, the selector, spare. */
  private static final int JETTY_THREADS = 4;

  private final Server server;
  private final ServerConnector connector;
  private final IntakeSettings settings;
  private final UrlProducer producer;
  private final IntakeRequests requests;
  private final ProduceListener lines;
  private final MeterRegistry registry;
  private final byte[] token;

  private IntakeServer(
      IntakeSettings settings, Clock clock, UrlProducer producer, MeterRegistry registry) {
    this.settings = settings;
    this.producer = producer;
    this.requests = new IntakeRequests(clock);
    this.lines = new MetricsListener(registry);
    this.registry = registry;
    this.token = settings.token().map(t -> t.getBytes(StandardCharsets.UTF_8)).orElse(null);
    QueuedThreadPool threads = new QueuedThreadPool(settings.threads() + JETTY_THREADS);
    threads.setName("intake-http");
    threads.setDaemon(true);
    threads.setReservedThreads(0);
    this.server = new Server(threads);
    this.connector = new ServerConnector(server, 1, 1);
    connector.setHost(settings.host());
    connector.setPort(settings.port());
    connector.setIdleTimeout(settings.readTimeout().toMillis());
    server.addConnector(connector);
    server.setHandler(new Admission(settings, new Intake()));
  }

  /**
   * Starts serving; the caller keeps owning {@code producer} and closes it after this server.
   *
   * @param clock names crawls whose request gives no crawl id
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static IntakeServer start(
      IntakeSettings settings, Clock clock, UrlProducer producer, MeterRegistry registry) {
    IntakeServer intake = new IntakeServer(settings, clock, producer, registry);
    try {
      intake.server.start();
    } catch (Exception e) {
      intake.close();
      throw new UncheckedIOException(
          "cannot serve the intake on " + settings.host() + ":" + settings.port(),
          e instanceof IOException io ? io : new IOException(e));
    }
    return intake;
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** Stops accepting requests and closes the connections. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      // Stopping a server that failed to start, or twice: nothing is left to release.
    }
  }

  /** Answers every request on a request thread; blocking is expected. */
  private final class Intake extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      int status;
      ObjectNode body;
      try {
        body = answer(request, path);
        status = 200;
      } catch (IntakeError e) {
        status = e.status();
        body = error(e.reason(), e.getMessage());
        if (status == 405) {
          response.getHeaders().put(HttpHeader.ALLOW, "POST");
        } else if (status == 401) {
          response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
        }
      }
      respond(response, status, body, callback);
      count(path, status);
      return true;
    }
  }

  private void count(String path, int status) {
    Counter.builder("trawl.intake.requests")
        .description("Intake requests, by path and status")
        .tag("path", path.equals("/crawls") || path.equals("/urls") ? path : "other")
        .tag("status", Integer.toString(status))
        .register(registry)
        .increment();
  }

  /** Checks, reads, parses and publishes one request; its JSON answer or why it was refused. */
  private ObjectNode answer(Request request, String path) throws IntakeError {
    authorize(request);
    if (!path.equals("/crawls") && !path.equals("/urls")) {
      throw new IntakeError(404, "NOT_FOUND", "no such endpoint: " + path);
    }
    if (!request.getMethod().equals("POST")) {
      throw new IntakeError(
          405, "METHOD_NOT_ALLOWED", path + " accepts POST only, not " + request.getMethod());
    }
    RequestBody body = body(request);
    CrawlSpec crawl;
    UrlSource source;
    if (path.equals("/crawls")) {
      IntakeRequests.Parsed parsed = requests.crawl(readWhole(body));
      crawl = parsed.crawl();
      source = UrlSource.of(parsed.lines());
    } else {
      crawl = requests.urls(request.getHttpURI().getQuery());
      source = UrlSource.of(body, producer.maxLineBytes());
    }
    ProduceSummary summary = producer.publish(source, crawl, lines);
    refuseIncomplete(body, summary);
    return accepted(crawl, summary);
  }

  /** The body, read as it arrives; refused at once when its declared length is over the limit. */
  private RequestBody body(Request request) throws IntakeError {
    long length = request.getLength();
    if (length > settings.maxBodyBytes()) {
      throw tooLarge(length + " bytes", "");
    }
    EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
    Duration answerTimeout = producer.sendTimeout().plus(settings.readTimeout());
    // Once the body is read, the connection waits for Kafka's acknowledgement, not for the client.
    Runnable awaitingKafka = () -> endPoint.setIdleTimeout(answerTimeout.toMillis());
    return new RequestBody(
        Content.Source.asInputStream(request), settings.maxBodyBytes(), awaitingKafka);
  }

  private byte[] readWhole(RequestBody body) throws IntakeError {
    try (InputStream in = body) {
      return in.readAllBytes();
    } catch (IOException e) {
      refuseIncomplete(body, null);
      throw new IntakeError(400, "INVALID_REQUEST", "cannot read the body: " + e.getMessage());
    }
  }

  /** Refuses a request whose body went past the limit or stalled, or whose sends failed. */
  private void refuseIncomplete(RequestBody body, ProduceSummary summary) throws IntakeError {
    String published = summary == null ? "" : " (published " + summary.published() + " first)";
    if (body.tooLarge()) {
      throw tooLarge("more than " + settings.maxBodyBytes() + " bytes", published);
    }
    if (body.timedOut()) {
      throw new IntakeError(
          408,
          "REQUEST_TIMEOUT",
          "the body sent nothing for " + settings.readTimeout().toMillis() + " ms" + published);
    }
    if (summary != null && !summary.completed()) {
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
  }

  private static ObjectNode accepted(CrawlSpec crawl, ProduceSummary summary) {
    ObjectNode result = JSON.createObjectNode();
    result.put("crawlId", crawl.crawlId());
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
  private void authorize(Request request) throws IntakeError {
    if (token == null) {
      return;
    }
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    byte[] given =
        header != null && header.startsWith("Bearer ")
            ? header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8)
            : new byte[0];
    if (!MessageDigest.isEqual(token, given)) {
      throw new IntakeError(401, "UNAUTHORIZED", "a valid Authorization: Bearer token is required");
    }
  }

  private IntakeError tooLarge(String size, String published) {
    return new IntakeError(
        413,
        "BODY_TOO_LARGE",
        "the body is " + size + "; the limit is " + settings.maxBodyBytes() + " bytes" + published);
  }

  static ObjectNode error(String reason, String message) {
    ObjectNode error = JSON.createObjectNode();
    error.put("reason", reason).put("message", message);
    return error;
  }

  static void respond(Response response, int status, ObjectNode body, Callback callback) {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (IOException e) {
      callback.failed(e);
      return;
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }
}
