package dev.trawl.fetch.internal.proxy;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * A Jetty origin server on one loopback address that records every request (path and headers,
 * lower-case names). {@code /redirect?to=URL} answers 302 to URL; anything else 200 "ok PATH".
 */
public final class RecordingOrigin implements AutoCloseable {

  /** One request as the origin saw it. */
  public record Seen(String path, Map<String, String> headers) {}

  private final Server server = new Server();
  private final ServerConnector connector;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private final String scheme;

  public RecordingOrigin(String host) {
    this(host, null, null);
  }

  /** An https origin when {@code keyStore} (PKCS12) is given, else plain http. */
  public RecordingOrigin(String host, Path keyStore, String password) {
    if (keyStore == null) {
      connector = new ServerConnector(server);
    } else {
      SslContextFactory.Server tls = new SslContextFactory.Server();
      tls.setKeyStorePath(keyStore.toString());
      tls.setKeyStorePassword(password);
      tls.setKeyStoreType("PKCS12");
      connector = new ServerConnector(server, tls);
    }
    scheme = keyStore == null ? "http" : "https";
    connector.setHost(host);
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            Map<String, String> headers = new TreeMap<>();
            for (HttpField field : request.getHeaders()) {
              headers.put(field.getLowerCaseName(), field.getValue());
            }
            String path = Request.getPathInContext(request);
            seen.add(new Seen(path, headers));
            String query = request.getHttpURI().getQuery();
            if (path.equals("/redirect") && query != null && query.startsWith("to=")) {
              response.setStatus(302);
              response
                  .getHeaders()
                  .put(
                      HttpHeader.LOCATION,
                      URLDecoder.decode(query.substring(3), StandardCharsets.UTF_8));
              response.write(true, ByteBuffer.allocate(0), callback);
              return true;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
            response.write(
                true, ByteBuffer.wrap(("ok " + path).getBytes(StandardCharsets.UTF_8)), callback);
            return true;
          }
        });
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the origin", e);
    }
  }

  /** {@code http(s)://host:port} + {@code path}; an IPv6 host in brackets. */
  public String url(String path) {
    String host = connector.getHost();
    return scheme
        + "://"
        + (host.contains(":") ? "[" + host + "]" : host)
        + ":"
        + connector.getLocalPort()
        + path;
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** Every request seen so far, in order. */
  public List<Seen> seen() {
    return new ArrayList<>(seen);
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
