package dev.trawl.producer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A server on 127.0.0.1 that answers every request with whatever its {@link Answer} writes on the
 * raw socket: for responses no well-behaved server sends (silence after the headers, a trickle, an
 * endless body). Closing it ends every answer.
 */
final class RawServer implements AutoCloseable {

  /** Writes a response to {@code out}; stops when {@code closed} is counted down. */
  @FunctionalInterface
  interface Answer {
    void write(OutputStream out, CountDownLatch closed) throws IOException, InterruptedException;
  }

  private final ServerSocket socket;
  private final Answer answer;
  private final CountDownLatch closed = new CountDownLatch(1);

  private RawServer(Answer answer) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    this.answer = answer;
    Thread acceptor = new Thread(this::accept, "raw-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  static RawServer answering(Answer answer) throws IOException {
    return new RawServer(answer);
  }

  /** A 200 with a Content-Length, a few bytes of it, then nothing until closed. */
  static Answer headersThenSilence() {
    return (out, closed) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n<?xml"));
      out.flush();
      closed.await(60, TimeUnit.SECONDS);
    };
  }

  /** A chunked 200 whose body comes a byte every 100 ms, for a minute. */
  static Answer trickle() {
    return (out, closed) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
      for (int i = 0; i < 600 && !closed.await(100, TimeUnit.MILLISECONDS); i++) {
        out.write(ascii("1\r\n \r\n"));
        out.flush();
      }
    };
  }

  /** A chunked 200 whose body never ends. */
  static Answer endless() {
    byte[] chunk = new byte[64 * 1024];
    byte[] head = ascii(Integer.toHexString(chunk.length) + "\r\n");
    byte[] tail = ascii("\r\n");
    return (out, closed) -> {
      out.write(ascii("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
      while (closed.getCount() > 0) {
        out.write(head);
        out.write(chunk);
        out.write(tail);
      }
    };
  }

  /** {@code http://127.0.0.1:PORT} followed by {@code path}. */
  String url(String path) {
    return "http://127.0.0.1:" + socket.getLocalPort() + path;
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
      InputStream in = client.getInputStream();
      int matched = 0;
      while (matched < 4) { // Reads the request up to its blank line.
        int c = in.read();
        if (c < 0) {
          return;
        }
        matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : c == '\r' ? 1 : 0;
      }
      answer.write(client.getOutputStream(), closed);
    } catch (IOException | InterruptedException e) {
      // The client went away, or the server closed.
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    closed.countDown();
    socket.close();
  }
}
