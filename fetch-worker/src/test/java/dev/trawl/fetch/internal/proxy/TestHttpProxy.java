package dev.trawl.fetch.internal.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP/1.1 forward proxy on 127.0.0.1, on plain sockets and one thread per connection:
 * demands {@code Proxy-Authorization: Basic} for its user and password (407 otherwise), forwards an
 * absolute-form request to the origin (loopback only) without its Proxy-Authorization, relays the
 * response and closes. Records the headers of every request it received.
 */
public final class TestHttpProxy extends LoopbackProxyServer {

  /** One request as the proxy saw it: request line and headers (lower-case names). */
  public record Seen(String requestLine, Map<String, String> headers) {}

  private final String expectedAuthorization;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  public TestHttpProxy(String user, String password) throws IOException {
    super("test-http-proxy");
    this.expectedAuthorization =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    start();
  }

  /** Every request received so far. */
  public List<Seen> seen() {
    return new ArrayList<>(seen);
  }

  @Override
  void serve(Socket client) throws IOException {
    InputStream in = client.getInputStream();
    OutputStream out = client.getOutputStream();
    String requestLine = readLine(in);
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).strip());
    }
    seen.add(new Seen(requestLine, headers));
    if (!expectedAuthorization.equals(headers.get("proxy-authorization"))) {
      out.write(
          ("HTTP/1.1 407 Proxy Authentication Required\r\n"
                  + "Proxy-Authenticate: Basic realm=\"test\"\r\n"
                  + "Content-Length: 0\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      return;
    }
    String[] parts = requestLine.split(" ");
    if (parts[0].equals("CONNECT")) {
      tunnel(parts[1], in, out);
      return;
    }
    URI target = URI.create(parts[1]);
    if (!target.getHost().startsWith("127.")) {
      throw new IllegalStateException("the test proxy connects to loopback only: " + target);
    }
    try (Socket origin = new Socket(target.getHost(), target.getPort())) {
      StringBuilder forward = new StringBuilder();
      String path =
          target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
      forward.append(parts[0]).append(' ').append(path).append(" HTTP/1.1\r\n");
      headers.forEach(
          (name, value) -> {
            if (!name.equals("proxy-authorization")
                && !name.equals("proxy-connection")
                && !name.equals("connection")) {
              forward.append(name).append(": ").append(value).append("\r\n");
            }
          });
      forward.append("connection: close\r\n\r\n");
      origin.getOutputStream().write(forward.toString().getBytes(StandardCharsets.US_ASCII));
      origin.getInputStream().transferTo(out);
    }
  }

  /** Opens a tunnel to {@code authority} (loopback only) and relays bytes both ways. */
  private static void tunnel(String authority, InputStream in, OutputStream out)
      throws IOException {
    URI target = URI.create("tcp://" + authority);
    if (!target.getHost().startsWith("127.")) {
      throw new IllegalStateException("the test proxy connects to loopback only: " + target);
    }
    try (Socket origin = new Socket(target.getHost(), target.getPort())) {
      out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      relay(in, out, origin);
    }
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed mid-line");
      }
      if (b != '\r') {
        line.write(b);
      }
    }
    return line.toString(StandardCharsets.US_ASCII);
  }
}
