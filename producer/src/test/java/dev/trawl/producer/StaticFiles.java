package dev.trawl.producer;

import java.nio.ByteBuffer;
import java.util.Map;
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
            byte[] body = files.get(Request.getPathInContext(request));
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

  /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
  String url(String path) {
    return "http://127.0.0.1:" + connector.getLocalPort() + path;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
