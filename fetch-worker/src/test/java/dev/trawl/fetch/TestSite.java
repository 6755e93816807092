package dev.trawl.fetch;

import dev.trawl.embedded.testing.Encodings;
import dev.trawl.embedded.testing.LoopbackServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A small web site for tests, served by Jetty on 127.0.0.1, 127.0.0.2, ... (one connector per host,
 * each on its own free port). Paths:
 *
 * <ul>
 *   <li>{@code /ok/*}: 200 with a small HTML body and fixed validators
 *   <li>{@code /missing/*}: 404; {@code /error/*}: 500
 *   <li>{@code /bytes/N}: 200 with N bytes of 'a'
 *   <li>{@code /redirect/K}: a chain of K redirects ending at {@code /ok/final}
 *   <li>{@code /loop}: redirects to itself
 *   <li>{@code /gzip-zeros/MB}: MB mebibytes of zeros, gzip-encoded on the wire
 *   <li>{@code /slow/MS/*}: 200 after MS milliseconds, holding no thread meanwhile
 *   <li>{@code /hang}: never answers
 *   <li>{@code /echo}: the User-Agent and Accept-Encoding request headers
 *   <li>{@code /deflate-zeros/FORM/MB}: MB mebibytes of zeros, deflate-encoded, FORM zlib or raw
 *   <li>{@code /deflate-text/FORM}: a small HTML page, deflate-encoded, FORM zlib or raw
 *   <li>{@code /br/NAME}: the test resource {@code encoded/NAME}, brotli-encoded on the wire
 *   <li>{@code /typed/TYPE/SUBTYPE}: that Content-Type, one body byte, then nothing more
 *   <li>any path given to {@link #serveEncoded}: its bytes, with its Content-Encoding fields
 * </ul>
 */
public final class TestSite implements AutoCloseable {

  public static final String LAST_MODIFIED = "Tue, 01 Dec 2026 10:00:00 GMT";

  private final LoopbackServer server;
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final Set<String> connections = ConcurrentHashMap.newKeySet();
  private final Map<String, Encoded> encoded = new ConcurrentHashMap<>();

  /** A body served as it is, with these Content-Encoding header fields. */
  private record Encoded(byte[] body, List<String> contentEncodings) {}

  /** Serves {@code hosts} hosts: 127.0.0.1 to 127.0.0.{hosts}. */
  public TestSite(int hosts) {
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(false);
    server = new LoopbackServer(hosts, new SiteHandler(), http);
  }

  /** The URL of {@code path} on host {@code host} (1-based). */
  public String url(int host, String path) {
    return server.url(host, path);
  }

  /**
   * Serves {@code body} at {@code path} (on every host) as text/html, byte for byte, with one
   * Content-Encoding header field per value of {@code contentEncodings}, in order.
   */
  public TestSite serveEncoded(String path, byte[] body, String... contentEncodings) {
    encoded.put(path, new Encoded(body.clone(), List.of(contentEncodings)));
    return this;
  }

  /** Requests served for {@code path}. */
  public int hits(String path) {
    AtomicInteger count = hits.get(path);
    return count == null ? 0 : count.get();
  }

  /** Distinct connections that have sent a request. */
  public int connectionsSeen() {
    return connections.size();
  }

  /** A loopback port nothing listens on: connecting to it is refused. */
  public static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text of {@code /deflate-text/*}. */
  public static final String DEFLATED_TEXT = "<html><body>deflated</body></html>";

  /** A test resource's bytes. */
  public static byte[] resource(String name) {
    try (InputStream in = TestSite.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws Exception {
    server.close();
  }

  private final class SiteHandler extends Handler.Abstract {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
      connections.add(request.getConnectionMetaData().getId());
      Encoded fixed = encoded.get(path);
      if (fixed != null) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        fixed
            .contentEncodings()
            .forEach(e -> response.getHeaders().add(HttpHeader.CONTENT_ENCODING, e));
        response.write(true, ByteBuffer.wrap(fixed.body()), callback);
        return true;
      }
      String[] parts = path.split("/");
      String first = parts.length > 1 ? parts[1] : "";
      switch (first) {
        case "ok" -> {
          response.getHeaders().put(HttpHeader.SERVER, "trawl-test");
          response.getHeaders().put(HttpHeader.ETAG, "\"v1\"");
          response.getHeaders().put(HttpHeader.LAST_MODIFIED, LAST_MODIFIED);
          html(response, callback, 200, "<html><body>ok " + path + "</body></html>");
        }
        case "missing" -> html(response, callback, 404, "<html>not found</html>");
        case "error" -> html(response, callback, 500, "<html>server error</html>");
        case "bytes" -> {
          byte[] body = new byte[Integer.parseInt(parts[2])];
          Arrays.fill(body, (byte) 'a');
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
          response.write(true, ByteBuffer.wrap(body), callback);
        }
        case "redirect" -> {
          int left = Integer.parseInt(parts[2]);
          redirect(response, callback, left == 1 ? "/ok/final" : "/redirect/" + (left - 1));
        }
        case "loop" -> redirect(response, callback, "/loop");
        case "gzip-zeros" -> {
          byte[] body = Encodings.gzippedZeros(Integer.parseInt(parts[2]));
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
          response.getHeaders().put(HttpHeader.CONTENT_ENCODING, "gzip");
          response.write(true, ByteBuffer.wrap(body), callback);
        }
        case "slow" ->
            request
                .getComponents()
                .getScheduler()
                .schedule(
                    () -> html(response, callback, 200, "<html>slow " + path + "</html>"),
                    Long.parseLong(parts[2]),
                    TimeUnit.MILLISECONDS);
        case "hang" -> {
          // Never completes the callback: the client has to time out.
        }
        case "deflate-zeros" -> {
          byte[] zeros = new byte[Integer.parseInt(parts[3]) * 1024 * 1024];
          encoded(response, callback, "deflate", Encodings.deflate(zeros, parts[2].equals("raw")));
        }
        case "deflate-text" ->
            encoded(
                response,
                callback,
                "deflate",
                Encodings.deflate(
                    DEFLATED_TEXT.getBytes(StandardCharsets.UTF_8), parts[2].equals("raw")));
        case "br" -> encoded(response, callback, "br", resource("encoded/" + parts[2]));
        case "typed" -> {
          response.getHeaders().put(HttpHeader.CONTENT_TYPE, parts[2] + "/" + parts[3]);
          response.getHeaders().put(HttpHeader.CONTENT_LENGTH, 10_000_000);
          // One byte, then the rest never comes: a client waiting for the body times out.
          response.write(false, ByteBuffer.wrap(new byte[] {'x'}), Callback.NOOP);
        }
        case "echo" ->
            html(
                response,
                callback,
                200,
                request.getHeaders().get(HttpHeader.USER_AGENT)
                    + "\n"
                    + request.getHeaders().get(HttpHeader.ACCEPT_ENCODING));
        default -> html(response, callback, 404, "<html>unknown</html>");
      }
      return true;
    }

    private void encoded(Response response, Callback callback, String encoding, byte[] body) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
      response.getHeaders().put(HttpHeader.CONTENT_ENCODING, encoding);
      response.write(true, ByteBuffer.wrap(body), callback);
    }

    private void html(Response response, Callback callback, int status, String body) {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
      response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    private void redirect(Response response, Callback callback, String location) {
      response.setStatus(302);
      response.getHeaders().put(HttpHeader.LOCATION, location);
      response.write(true, ByteBuffer.allocate(0), callback);
    }
  }
}
