package dev.trawl.producer;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/** A real HTTP server on 127.0.0.1 serving fixed files by path (404 for anything else). */
final class StaticFiles implements AutoCloseable {

  private final Server server;
  private final ServerConnector connector;
  private final Map<String, String> redirects = new ConcurrentHashMap<>();
  private final List<String> requested = new CopyOnWriteArrayList<>();

  private StaticFiles(Map<String, byte[]> files) throws Exception {
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(
        new Handler.Abstract() {
          @Override
          public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            requested.add(path);
            String target = redirects.get(path);
            if (target != null) {
              Response.sendRedirect(request, response, callback, 302, target, false);
              return true;
            }
            byte[] body = files.get(path);
            if (body == null) {
              Response.writeError(request, response, callback, 404);
              return true;
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
          }
        });
    server.start();
  }

  static StaticFiles serve(Map<String, byte[]> files) throws Exception {
    return new StaticFiles(files);
  }

  /** Answers {@code path} with a 302 to {@code target}. */
  void redirect(String path, String target) {
    redirects.put(path, target);
  }

  /** The paths requested so far, in order. */
  List<String> requested() {
    return List.copyOf(requested);
  }

  /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
  String url(String path) {
    return "http://127.0.0.1:" + connector.getLocalPort() + path;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
