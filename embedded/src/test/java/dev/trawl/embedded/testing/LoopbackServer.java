package dev.trawl.embedded.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * Jetty serving one handler for tests on loopback addresses, one connector per {@link Listener}
 * (plain HTTP, or HTTPS with a test certificate), each on its own free port, started on
 * construction.
 */
public final class LoopbackServer implements AutoCloseable {

  /**
   * Where one connector listens: a loopback address, over TLS with {@code tls}'s key store when it
   * is not null.
   */
  public record Listener(String address, TlsFiles tls) {

    /** Plain HTTP on {@code address}. */
    public static Listener http(String address) {
      return new Listener(address, null);
    }

    /** HTTPS on {@code address} with the certificate of {@code tls}. */
    public static Listener https(String address, TlsFiles tls) {
      return new Listener(address, tls);
    }
  }

  private final Server server = new Server();
  private final List<Listener> listeners;
  private final List<ServerConnector> connectors = new ArrayList<>();

  /** Plain HTTP on 127.0.0.1 to 127.0.0.{hosts} with Jetty's default HTTP configuration. */
  public LoopbackServer(int hosts, Handler handler) {
    this(hosts, handler, new HttpConfiguration());
  }

  /** Plain HTTP on 127.0.0.1 to 127.0.0.{hosts}. */
  public LoopbackServer(int hosts, Handler handler, HttpConfiguration http) {
    this(
        IntStream.rangeClosed(1, hosts).mapToObj(i -> Listener.http("127.0.0." + i)).toList(),
        handler,
        http);
  }

  /** One connector per listener, in order: {@link #url(int, String)} counts them from 1. */
  public LoopbackServer(List<Listener> listeners, Handler handler, HttpConfiguration http) {
    this.listeners = List.copyOf(listeners);
    for (Listener listener : this.listeners) {
      ServerConnector connector = connector(listener, http);
      connector.setHost(listener.address());
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

  private ServerConnector connector(Listener listener, HttpConfiguration http) {
    if (listener.tls() == null) {
      return new ServerConnector(server, new HttpConnectionFactory(http));
    }
    SslContextFactory.Server ssl = new SslContextFactory.Server();
    ssl.setKeyStorePath(listener.tls().keyStore().toString());
    ssl.setKeyStorePassword(listener.tls().password());
    ssl.setKeyStoreType("PKCS12");
    HttpConfiguration https = new HttpConfiguration(http);
    // The test certificate names an IP address; clients may ask for any name.
    https.addCustomizer(new SecureRequestCustomizer(false));
    return new ServerConnector(
        server, new SslConnectionFactory(ssl, "http/1.1"), new HttpConnectionFactory(https));
  }

  /** The URL of {@code path} on listener {@code host} (1-based), by its address. */
  public String url(int host, String path) {
    Listener listener = listeners.get(host - 1);
    return (listener.tls() == null ? "http" : "https")
        + "://"
        + listener.address()
        + ":"
        + port(host)
        + path;
  }

  /** The port of listener {@code host} (1-based). */
  public int port(int host) {
    return connectors.get(host - 1).getLocalPort();
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }
}
