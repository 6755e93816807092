package dev.trawl.local;

import static dev.trawl.embedded.testing.RawServer.ascii;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.trawl.embedded.testing.Encodings;
import dev.trawl.embedded.testing.LoopbackServer;
import dev.trawl.embedded.testing.RawServer;
import dev.trawl.embedded.testing.TlsFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A web site that misbehaves in every way a crawler meets, on 127.0.0.1 only: a raw socket server
 * whose answer is chosen by the request's path (and, for robots.txt, by its host name, so that each
 * robots case is an origin of its own), an HTTPS server with a certificate nobody trusts, and a
 * server that answers TLS handshakes with plain text. Every response closes its connection. Names
 * reach it through {@link HostileNames}, never through DNS.
 */
final class HostileSite implements AutoCloseable {

  private static final int MIB = 1024 * 1024;

  /** The page every normal URL serves. */
  static final String NORMAL_PAGE =
      "<html><head><title>ok</title></head><body><p>a normal page</p></body></html>";

  private final RawServer raw;
  private final RawServer plainTextOnTls;
  private final LoopbackServer selfSigned;
  private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();

  HostileSite(Path tlsDir) throws Exception {
    raw = RawServer.serving("127.0.0.1", this::serve);
    plainTextOnTls =
        RawServer.serving(
            "127.0.0.1",
            (socket, closed) -> {
              OutputStream out = socket.getOutputStream();
              out.write(ascii("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n"));
              out.flush();
            });
    selfSigned =
        new LoopbackServer(
            List.of(LoopbackServer.Listener.https("127.0.0.1", TlsFiles.create(tlsDir))),
            new NormalPageHandler(),
            new HttpConfiguration());
  }

  /** {@code path} on the raw server, under the IP literal. */
  String url(String path) {
    return raw.url(path);
  }

  /** {@code path} on the raw server, under host name {@code host} (see {@link HostileNames}). */
  String url(String host, String path) {
    return "http://" + host + ":" + raw.port() + path;
  }

  /** An HTTPS URL whose server presents a self-signed certificate. */
  String selfSignedUrl(String path) {
    return selfSigned.url(1, path);
  }

  /** An HTTPS URL whose server answers the handshake with plain HTTP. */
  String plainTextTlsUrl(String path) {
    return "https://127.0.0.1:" + plainTextOnTls.port() + path;
  }

  /** The port of the raw server, for URLs on hosts the site does not serve. */
  int port() {
    return raw.port();
  }

  private void serve(Socket socket, CountDownLatch closed)
      throws IOException, InterruptedException {
    RawServer.Head head = RawServer.readHead(socket.getInputStream());
    if (head == null) {
      return;
    }
    String path = head.path();
    String counted = path.equals("/robots.txt") ? head.host() + path : path;
    int nth = requests.computeIfAbsent(counted, p -> new AtomicInteger()).incrementAndGet();
    OutputStream out = socket.getOutputStream();
    if (path.equals("/robots.txt")) {
      robots(head.host(), out, closed);
    } else if (path.startsWith("/chain/")) {
      int left = Integer.parseInt(path.substring("/chain/".length()));
      if (left == 0) {
        html(out, NORMAL_PAGE);
      } else {
        redirect(out, "/chain/" + (left - 1));
      }
    } else if (path.startsWith("/long-base/")) {
      html(out, HostilePages.linksAgainstLongBase());
    } else {
      HostileAnswers.answer(path.replaceFirst("\\?.*$", ""), nth, socket, out, closed);
    }
  }

  private static void robots(String host, OutputStream out, CountDownLatch closed)
      throws IOException, InterruptedException {
    switch (host) {
      case HostileNames.ROBOTS_HUGE ->
          respond(out, "200 OK", "text/plain", HostilePages.hugeRobots());
      case HostileNames.ROBOTS_FAILING ->
          respond(out, "503 Service Unavailable", "text/plain", ascii("down"));
      case HostileNames.ROBOTS_REDIRECT -> redirect(out, "/robots-deny-all.txt");
      case HostileNames.ROBOTS_LOOP -> redirect(out, "/robots.txt");
      case HostileNames.ROBOTS_SILENT -> closed.await(60, TimeUnit.SECONDS);
      default -> respond(out, "404 Not Found", "text/plain", ascii("none"));
    }
  }

  static void html(OutputStream out, String page) throws IOException {
    respond(out, "200 OK", "text/html; charset=utf-8", page.getBytes(UTF_8));
  }

  static void redirect(OutputStream out, String location) throws IOException {
    write(out, "302 Found", "Location: " + location + "\r\nContent-Length: 0\r\n", new byte[0]);
  }

  /** A complete response with {@code contentType} (none when null) and a Content-Length. */
  static void respond(OutputStream out, String status, String contentType, byte[] body)
      throws IOException {
    String type = contentType == null ? "" : "Content-Type: " + contentType + "\r\n";
    write(out, status, type + "Content-Length: " + body.length + "\r\n", body);
  }

  /** {@code headers} (each line ending in CRLF) and {@code body}, then the connection closes. */
  static void write(OutputStream out, String status, String headers, byte[] body)
      throws IOException {
    out.write(ascii("HTTP/1.1 " + status + "\r\n" + headers + "Connection: close\r\n\r\n"));
    out.write(body);
    out.flush();
  }

  /** {@code bytes} pseudo-random bytes, the same every run. */
  static byte[] randomBytes(int bytes) {
    byte[] data = new byte[bytes];
    new Random(14).nextBytes(data);
    return data;
  }

  /** 64 MiB of zeros gzip-encoded: about 64 KiB on the wire. */
  static byte[] gzipBomb() {
    return Encodings.gzippedZeros(64);
  }

  /** 64 MiB of zeros deflate-encoded (zlib-wrapped). */
  static byte[] deflateBomb() {
    return Encodings.deflate(new byte[64 * MIB], false);
  }

  @Override
  public void close() throws Exception {
    raw.close();
    plainTextOnTls.close();
    selfSigned.close();
  }

  /** Serves {@link #NORMAL_PAGE} for every path. */
  private static final class NormalPageHandler extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
      response.write(true, ByteBuffer.wrap(NORMAL_PAGE.getBytes(UTF_8)), callback);
      return true;
    }
  }
}
