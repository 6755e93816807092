package dev.trawl.fetch;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * Jetty serving {@code handler} on 127.0.0.1 to 127.0.0.{hosts} for tests, one connector per host
 * on its own free port, started on construction.
 */
public final class LoopbackServer implements AutoCloseable {

  private final Server server = new Server();
  private final List<ServerConnector> connectors = new ArrayList<>();

  /** Starts with Jetty's default HTTP configuration. */
  public LoopbackServer(int hosts, Handler handler) {
    this(hosts, handler, new HttpConfiguration());
  }

  public LoopbackServer(int hosts, Handler handler, HttpConfiguration http) {
    for (int i = 1; i <= hosts; i++) {
      ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
      connector.setHost("127.0.0." + i);
      connector.setPort(0);
      server.addConnector(connector);
      connectors.add(connector);
    }
    server.setHandler(handler);
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start a loopback server", e);
    }
  }

  /** The URL of {@code path} on host {@code host} (1-based). */
  public String url(int host, String path) {
    return "http://127.0.0." + host + ":" + connectors.get(host - 1).getLocalPort() + path;
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
