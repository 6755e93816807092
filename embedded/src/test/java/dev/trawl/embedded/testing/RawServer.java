package dev.trawl.embedded.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A server on a loopback address that writes whatever it is told on the raw socket: for responses
 * no well-behaved server sends (silence after the headers, a trickle, an endless body, a reset,
 * broken chunking, bytes that are no TLS). Each connection is served on a thread of its own;
 * closing the server ends every answer.
 */
public final class RawServer implements AutoCloseable {

  /** Writes a response to {@code out}, once the request's head is read; stops when closed. */
  @FunctionalInterface
  public interface Answer {
    void write(OutputStream out, CountDownLatch closed) throws IOException, InterruptedException;
  }

  /** Serves one connection from its first byte (nothing read yet); stops when closed. */
  @FunctionalInterface
  public interface Connection {
    void serve(Socket socket, CountDownLatch closed) throws IOException, InterruptedException;
  }

  /** A request's head as read from the wire: its path and its Host header (without a port). */
  public record Head(String path, String host) {}

  /** The longest request head {@link #readHead} reads. */
  private static final int MAX_HEAD_BYTES = 64 * 1024;

  private final ServerSocket socket;
  private final Connection connection;
  private final CountDownLatch closed = new CountDownLatch(1);

  private RawServer(String address, Connection connection) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getByName(address));
    this.connection = connection;
    Thread acceptor = new Thread(this::accept, "raw-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** A server on 127.0.0.1 that reads each request's head, then writes {@code answer}. */
  public static RawServer answering(Answer answer) throws IOException {
    return serving(
        "127.0.0.1",
        (socket, closed) -> {
          if (readHead(socket.getInputStream()) != null) {
            answer.write(socket.getOutputStream(), closed);
          }
        });
  }

  /** A server on {@code address} (a loopback address) that hands each connection over whole. */
  public static RawServer serving(String address, Connection connection) throws IOException {
    return new RawServer(address, connection);
  }

  /**
   * Reads a request's head up to its blank line; null when the connection ends first or the head is
   * longer than 64 KiB.
   */
  public static Head readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int c = in.read();
      if (c < 0 || head.size() >= MAX_HEAD_BYTES) {
        return null;
      }
      head.write(c);
      matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : c == '\r' ? 1 : 0;
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] requestLine = lines[0].split(" ");
    String host = "";
    for (String line : lines) {
      if (line.toLowerCase(Locale.ROOT).startsWith("host:")) {
        host = line.substring(5).strip().replaceFirst(":\\d+$", "");
      }
    }
    return new Head(requestLine.length > 1 ? requestLine[1] : "", host);
  }

  /** A 200 with a Content-Length, a few bytes of it, then nothing until closed. */
  public static Answer headersThenSilence() {
    return (out, closed) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n<?xml"));
      out.flush();
      closed.await(60, TimeUnit.SECONDS);
    };
  }

  /** A chunked 200 whose body comes a byte every 100 ms, for a minute. */
  public static Answer trickle() {
    return (out, closed) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
      for (int i = 0; i < 600 && !closed.await(100, TimeUnit.MILLISECONDS); i++) {
        out.write(ascii("1\r\n \r\n"));
        out.flush();
      }
    };
  }

  /** A chunked 200 whose body never ends. */
  public static Answer endless() {
    return endless("");
  }

  /** A chunked 200 with {@code headers} (each ending in CRLF) whose body never ends. */
  public static Answer endless(String headers) {
    byte[] chunk = new byte[64 * 1024];
    byte[] head = ascii(Integer.toHexString(chunk.length) + "\r\n");
    byte[] tail = ascii("\r\n");
    return (out, closed) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\n" + headers + "Transfer-Encoding: chunked\r\n\r\n"));
      while (closed.getCount() > 0) {
        out.write(head);
        out.write(chunk);
        out.write(tail);
      }
    };
  }

  /** {@code http://ADDRESS:PORT} followed by {@code path}. */
  public String url(String path) {
    return "http://" + socket.getInetAddress().getHostAddress() + ":" + port() + path;
  }

  /** The port the server listens on. */
  public int port() {
    return socket.getLocalPort();
  }

  /** {@code text} in US-ASCII. */
  public static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Thread thread = new Thread(() -> serve(client), "raw-server-answer");
        thread.setDaemon(true);
        thread.start();
      } catch (IOException e) {
        return; // Closed.
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      connection.serve(client, closed);
    } catch (IOException | InterruptedException e) {
      // The client went away, or the server closed.
    }
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    socket.close();
  }
}
