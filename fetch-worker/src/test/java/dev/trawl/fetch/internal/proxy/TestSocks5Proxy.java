package dev.trawl.fetch.internal.proxy;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal SOCKS5 proxy on 127.0.0.1 (RFC 1928 CONNECT, RFC 1929 username/password required), on
 * plain sockets and threads. Connects to loopback destinations only and records every handshake.
 */
public final class TestSocks5Proxy extends LoopbackProxyServer {

  /**
   * One handshake as the proxy saw it.
   *
   * @param user the user name sent, or null when the client offered no username/password method
   * @param password the password sent, or null
   * @param addressType 1 (IPv4), 3 (domain name) or 4 (IPv6), or 0 before the request
   * @param destination the requested host (as sent) and port
   */
  public record Seen(String user, String password, int addressType, String destination) {}

  private final String user;
  private final String password;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();

  public TestSocks5Proxy(String user, String password) throws IOException {
    super("test-socks5-proxy");
    this.user = user;
    this.password = password;
    start();
  }

  /** Every handshake so far. */
  public List<Seen> seen() {
    return new ArrayList<>(seen);
  }

  @Override
  void serve(Socket client) throws IOException {
    DataInputStream in = new DataInputStream(client.getInputStream());
    OutputStream out = client.getOutputStream();
    // Greeting: VER, NMETHODS, METHODS.
    require(in.readUnsignedByte() == 5, "version");
    byte[] methods = in.readNBytes(in.readUnsignedByte());
    if (!contains(methods, (byte) 2)) {
      seen.add(new Seen(null, null, 0, null));
      out.write(new byte[] {5, (byte) 0xff});
      return;
    }
    out.write(new byte[] {5, 2});
    // RFC 1929: VER=1, ULEN, UNAME, PLEN, PASSWD.
    require(in.readUnsignedByte() == 1, "auth version");
    String sentUser = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
    String sentPassword = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
    boolean ok = user.equals(sentUser) && password.equals(sentPassword);
    out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
    if (!ok) {
      seen.add(new Seen(sentUser, sentPassword, 0, null));
      return;
    }
    // Request: VER, CMD, RSV, ATYP, DST.ADDR, DST.PORT.
    require(in.readUnsignedByte() == 5, "request version");
    require(in.readUnsignedByte() == 1, "CONNECT");
    in.readUnsignedByte();
    int type = in.readUnsignedByte();
    String host =
        switch (type) {
          case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
          case 3 -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
          case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
          default -> throw new IOException("address type " + type);
        };
    int port = in.readUnsignedShort();
    seen.add(new Seen(sentUser, sentPassword, type, host + ":" + port));
    if (!InetAddress.getByName(host).isLoopbackAddress()) {
      out.write(new byte[] {5, 2, 0, 1, 0, 0, 0, 0, 0, 0}); // not allowed by ruleset
      return;
    }
    try (Socket origin = new Socket(host, port)) {
      out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
      relay(in, out, origin);
    } catch (IOException e) {
      out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0}); // connection refused
    }
  }

  private static boolean contains(byte[] values, byte value) {
    for (byte b : values) {
      if (b == value) {
        return true;
      }
    }
    return false;
  }

  private static void require(boolean condition, String what) throws IOException {
    if (!condition) {
      throw new IOException("bad SOCKS5 " + what);
    }
  }
}
