package dev.trawl.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The admin HTTP endpoints of a process: {@code /health/live}, {@code /health/ready} (200 or 503)
 * and {@code /metrics} (Prometheus text format). Other handlers can be added by a role.
 */
public final class AdminServer implements AutoCloseable {

  private final HttpServer server;

  private AdminServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts the endpoints on {@code host:port} (port 0 picks a free one) on one daemon thread.
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public static AdminServer start(
      String host, int port, Health health, PrometheusMeterRegistry registry) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
      server.setExecutor(
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "admin-http");
                t.setDaemon(true);
                return t;
              }));
      AdminServer admin = new AdminServer(server);
      admin.handle("/health/live", ex -> status(ex, health.live()));
      admin.handle("/health/ready", ex -> status(ex, health.ready()));
      admin.handle(
          "/metrics",
          ex -> respond(ex, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape()));
      server.start();
      return admin;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve admin endpoints on " + host + ":" + port, e);
    }
  }

  /** Adds a handler for requests under {@code path}. */
  public void handle(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void status(HttpExchange exchange, boolean ok) throws IOException {
    respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
  }

  /** Writes a whole response and closes the exchange. */
  public static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
