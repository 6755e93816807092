package dev.trawl.bench.roles;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports below the kernel's ephemeral range, so that a port a role gives up when it is
 * stopped cannot be taken by an outgoing connection before the role starts again on it.
 */
public final class Ports {

  private static final int LOWEST = 20_000;

  private Ports() {}

  /** A port free now on 127.0.0.1, below the ephemeral range. */
  public static int free() throws IOException {
    int below = ephemeralLow();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
      try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException e) {
        // Taken: try another.
      }
    }
    throw new IOException("no free port in [" + LOWEST + ", " + below + ")");
  }

  private static int ephemeralLow() throws IOException {
    Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    if (!Files.exists(range)) {
      return 32_768;
    }
    // Read line by line: Files.readString trusts the size /proc reports and reads too little.
    String line = Files.readAllLines(range).get(0);
    return Integer.parseInt(line.trim().split("\\s+")[0]);
  }
}
