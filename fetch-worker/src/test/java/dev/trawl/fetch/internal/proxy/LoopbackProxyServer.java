package dev.trawl.fetch.internal.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * What the test proxies share: a server socket on 127.0.0.1 accepting on a daemon thread, one
 * daemon thread per connection running {@link #serve}, and a two-way relay to the origin.
 */
abstract class LoopbackProxyServer implements AutoCloseable {

  private final ServerSocket server;
  private final String name;

  LoopbackProxyServer(String name) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    this.name = name;
  }

  /** Starts accepting; called last by a subclass constructor, once its own fields are set. */
  final void start() {
    Thread acceptor = new Thread(this::acceptAll, name);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Handles one client connection on its own thread; the connection is closed afterwards. */
  abstract void serve(Socket client) throws IOException;

  public final int port() {
    return server.getLocalPort();
  }

  @Override
  public final void close() throws IOException {
    server.close();
  }

  /** Relays {@code client}'s bytes to {@code origin} on a thread, and the origin's back to out. */
  static void relay(InputStream client, OutputStream out, Socket origin) throws IOException {
    Thread up =
        new Thread(
            () -> {
              try {
                client.transferTo(origin.getOutputStream());
                origin.shutdownOutput();
              } catch (IOException e) {
                // Either side closed.
              }
            },
            "test-proxy-relay");
    up.setDaemon(true);
    up.start();
    origin.getInputStream().transferTo(out);
  }

  private void acceptAll() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        Thread handler = new Thread(() -> serveAndClose(client), name + "-conn");
        handler.setDaemon(true);
        handler.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serveAndClose(Socket client) {
    try (client) {
      serve(client);
    } catch (IOException e) {
      // The client went away: nothing to do.
    }
  }
}
