package dev.trawl.embedded.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Finds TCP ports that are free on 127.0.0.1 at the time of asking. */
public final class FreePorts {
  /**
   * Ports are picked below Linux's default ephemeral range (32768-60999), so the kernel cannot hand
   * one out as the local port of an outgoing connection between our check and the server's bind.
   */
  private static final int LOW = 20_000;

  private static final int HIGH = 32_768;
  private static final int TRIES = 200;

  private FreePorts() {}

  /** Returns a port that nothing listens on at 127.0.0.1 right now. */
  public static int pick() {
    for (int i = 0; i < TRIES; i++) {
      int port = ThreadLocalRandom.current().nextInt(LOW, HIGH);
      if (isFree(port)) {
        return port;
      }
    }
    throw new IllegalStateException(
        "no free port on 127.0.0.1 in [" + LOW + ", " + HIGH + ") after " + TRIES + " tries");
  }

  /** Tells whether {@code port} can be bound on 127.0.0.1 right now. */
  public static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
