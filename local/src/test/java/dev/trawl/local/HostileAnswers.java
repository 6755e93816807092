package dev.trawl.local;

import static dev.trawl.embedded.testing.RawServer.ascii;
import static dev.trawl.local.HostileSite.html;
import static dev.trawl.local.HostileSite.redirect;
import static dev.trawl.local.HostileSite.respond;
import static dev.trawl.local.HostileSite.write;
import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.trawl.embedded.testing.Encodings;
import dev.trawl.embedded.testing.RawServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** What the hostile site's raw server answers on each path (robots.txt and chains aside). */
final class HostileAnswers {

  private static final String HTML = "text/html; charset=utf-8";

  private HostileAnswers() {}

  /** The bombs, encoded once: each is served on every attempt. */
  private static final class Bombs {
    static final byte[] GZIP = HostileSite.gzipBomb();
    static final byte[] DEFLATE = HostileSite.deflateBomb();
    static final byte[] BROTLI = Encodings.brotliZeros64MiB();
  }

  /**
   * Answers {@code path}, the {@code nth} request for it, on {@code socket}; unknown paths get the
   * normal page.
   */
  static void answer(String path, int nth, Socket socket, OutputStream out, CountDownLatch closed)
      throws IOException, InterruptedException {
    switch (path) {
      case "/silent" -> closed.await(120, TimeUnit.SECONDS);
      case "/trickle" -> {
        write(out, "200 OK", "Content-Type: text/html\r\nContent-Length: 1000\r\n", new byte[0]);
        for (int i = 0; i < 1000 && !closed.await(1, TimeUnit.SECONDS); i++) {
          out.write('a');
          out.flush();
        }
      }
      case "/reset" -> {
        write(out, "200 OK", "Content-Type: text/html\r\nContent-Length: 100000\r\n", page(1000));
        socket.setSoLinger(true, 0); // close() now sends a reset
      }
      case "/endless" -> RawServer.endless("Content-Type: text/html\r\n").write(out, closed);
      case "/gzip-bomb" -> encoded(out, "gzip", Bombs.GZIP);
      case "/deflate-bomb" -> encoded(out, "deflate", Bombs.DEFLATE);
      case "/brotli-bomb" -> encoded(out, "br", Bombs.BROTLI);
      case "/robots-deny-all.txt" ->
          respond(out, "200 OK", "text/plain", ascii("User-agent: *\nDisallow: /\n"));
      case "/redirect-loop" -> redirect(out, "/redirect-loop");
      case "/to-metadata" -> redirect(out, "http://169.254.169.254/latest/meta-data/");
      case "/to-private" -> redirect(out, "http://10.0.0.1/admin");
      case "/to-metadata-name" -> redirect(out, "http://" + HostileNames.METADATA + "/latest/");
      case "/to-unresolvable" -> redirect(out, "http://" + HostileNames.NOWHERE + "/");
      default -> contentOrHeaders(path, nth, out, closed);
    }
  }

  /** Content types, charsets, sizes, statuses and headers. */
  private static void contentOrHeaders(
      String path, int nth, OutputStream out, CountDownLatch closed) throws IOException {
    switch (path) {
      case "/no-content-type" -> respond(out, "200 OK", null, page(100));
      case "/wrong-content-type" -> respond(out, "200 OK", "image/png", page(100));
      case "/binary-as-html" -> respond(out, "200 OK", "text/html", HostileSite.randomBytes(MIB));
      case "/unknown-charset" -> respond(out, "200 OK", "text/html; charset=x-no-such", page(100));
      case "/invalid-charset-name" ->
          respond(out, "200 OK", "text/html; charset=\"utf-8\\\"; x=(", page(100));
      case "/bad-meta-charset" ->
          respond(
              out,
              "200 OK",
              "text/html",
              "<html><head><meta charset=\"utf-99\"><title>m</title></head><body>x</body></html>"
                  .getBytes(UTF_8));
      case "/invalid-utf8" -> respond(out, "200 OK", HTML, invalidUtf8());
      case "/long-line" -> respond(out, "200 OK", HTML, HostilePages.longLine());
      case "/deep-nesting" -> html(out, HostilePages.deepNesting());
      case "/broken-chunking" ->
          write(
              out,
              "200 OK",
              "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
              ascii("a\r\n0123456789\r\nzz-not-hex\r\nxx\r\n0\r\n\r\n"));
      case "/chunk-cut" ->
          write(
              out,
              "200 OK",
              "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n",
              ascii("3e8\r\nonly ten b"));
      case "/429-retry-after" -> {
        if (nth == 1) {
          write(
              out, "429 Too Many Requests", "Retry-After: 1\r\nContent-Length: 0\r\n", new byte[0]);
        } else {
          html(out, HostileSite.NORMAL_PAGE);
        }
      }
      case "/429" -> write(out, "429 Too Many Requests", "Content-Length: 0\r\n", new byte[0]);
      case "/503-storm" ->
          write(out, "503 Service Unavailable", "Content-Length: 0\r\n", new byte[0]);
      case "/503-then-ok" -> {
        if (nth == 1) {
          write(out, "503 Service Unavailable", "Content-Length: 0\r\n", new byte[0]);
        } else {
          html(out, HostileSite.NORMAL_PAGE);
        }
      }
      case "/huge-title" -> html(out, HostilePages.hugeTitle());
      case "/many-links" -> html(out, HostilePages.manyLinks());
      case "/duplicate-headers" -> duplicateHeaders(out);
      case "/huge-header" ->
          write(
              out,
              "200 OK",
              "Content-Type: text/html\r\nX-Huge: " + "h".repeat(MIB) + "\r\nContent-Length: 0\r\n",
              new byte[0]);
      case "/many-headers" -> manyHeaders(out);
      case "/two-content-lengths" -> {
        byte[] body = page(200);
        String length = "Content-Length: " + body.length + "\r\n";
        write(out, "200 OK", "Content-Type: text/html\r\n" + length + length, body);
      }
      case "/endless-headers" -> {
        out.write(ascii("HTTP/1.1 200 OK\r\n"));
        for (long i = 0; closed.getCount() > 0; i++) {
          out.write(ascii("X-H" + i + ": v\r\n"));
        }
      }
      default -> html(out, HostileSite.NORMAL_PAGE);
    }
  }

  private static final int MIB = 1024 * 1024;

  private static void encoded(OutputStream out, String coding, byte[] body) throws IOException {
    write(
        out,
        "200 OK",
        "Content-Type: text/html\r\nContent-Encoding: "
            + coding
            + "\r\nContent-Length: "
            + body.length
            + "\r\n",
        body);
  }

  /** An HTML page of {@code bytes} bytes. */
  private static byte[] page(int bytes) {
    String head = "<html><head><title>p</title></head><body>";
    return (head + "w ".repeat(Math.max(0, (bytes - head.length()) / 2))).getBytes(UTF_8);
  }

  private static byte[] invalidUtf8() {
    byte[] page = page(1000);
    for (int i = 60; i < page.length; i += 7) {
      page[i] = (byte) (0x80 | (i & 0x3f)); // continuation bytes with no lead byte
    }
    return page;
  }

  /** Two Content-Types and 500 Set-Cookie headers. */
  private static void duplicateHeaders(OutputStream out) throws IOException {
    byte[] body = page(200);
    StringBuilder headers =
        new StringBuilder("Content-Type: text/html\r\nContent-Type: application/octet-stream\r\n");
    headers.append("Content-Length: ").append(body.length).append("\r\n");
    for (int i = 0; i < 500; i++) {
      headers.append("Set-Cookie: c").append(i).append("=v; Path=/\r\n");
    }
    write(out, "200 OK", headers.toString(), body);
  }

  /** 100,000 distinct headers, about 2 MB of them. */
  private static void manyHeaders(OutputStream out) throws IOException {
    StringBuilder headers = new StringBuilder("Content-Type: text/html\r\n");
    for (int i = 0; i < 100_000; i++) {
      headers.append("X-H").append(i).append(": v\r\n");
    }
    headers.append("Content-Length: 0\r\n");
    out.write(("HTTP/1.1 200 OK\r\n" + headers + "Connection: close\r\n\r\n").getBytes(ISO_8859_1));
    out.flush();
  }
}
