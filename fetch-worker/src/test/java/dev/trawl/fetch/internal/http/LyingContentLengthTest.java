package dev.trawl.fetch.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.fetch.ContentSettings;
import dev.trawl.fetch.FetchSettings;
import dev.trawl.runtime.PageLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server announcing a terabyte (Content-Length) and sending 100 bytes: the fetcher allocates at
 * most the content limit per response, in advance only what the body budget has room for, and the
 * budget counts every byte allocated until the exchange ends.
 */
class LyingContentLengthTest {

  private static final int LIMIT = 1024 * 1024;
  private static final long BUDGET = 4L * LIMIT;
  private static final int FETCHES = 8;

  private final CountDownLatch hangUp = new CountDownLatch(1);
  private final List<Socket> accepted = new ArrayList<>();
  private ServerSocket server;
  private Thread acceptor;
  private PageFetcher fetcher;

  @BeforeEach
  void startServer() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    acceptor = new Thread(this::accept, "lying-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  @AfterEach
  void stop() throws Exception {
    hangUp.countDown();
    server.close();
    acceptor.join(10_000);
    if (fetcher != null) {
      fetcher.close();
    }
  }

  /** Answers every connection with the headers and 100 bytes, then holds it until hang-up. */
  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        synchronized (accepted) {
          accepted.add(socket);
        }
        Thread answer = new Thread(() -> answer(socket), "lying-answer");
        answer.setDaemon(true);
        answer.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void answer(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      int matched = 0;
      while (matched < 4) { // Reads the request up to its blank line.
        int c = in.read();
        if (c < 0) {
          return;
        }
        matched = c == "\r\n\r\n".charAt(matched) ? matched + 1 : c == '\r' ? 1 : 0;
      }
      OutputStream out = socket.getOutputStream();
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1099511627776\r\n\r\n"
                  + "a".repeat(100))
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      hangUp.await(60, TimeUnit.SECONDS);
    } catch (IOException | InterruptedException e) {
      // The test is over.
    }
  }

  @Test
  void allocatesInAdvanceOnlyWhatTheBudgetHoldsAndCountsEveryByteAllocated() throws Exception {
    FetchSettings settings =
        FetchSettings.defaults()
            .with(PageLimits.CONTENT_LIMIT_BYTES, LIMIT)
            .with(ContentSettings.BODY_BUDGET_BYTES, BUDGET)
            .with(FetchSettings.HOST_MAX_IN_FLIGHT, FETCHES)
            .with(FetchSettings.TIMEOUT, Duration.ofSeconds(60));
    fetcher = new PageFetcher(settings.fetcherOptions());
    List<CompletableFuture<HttpPage>> fetches = new ArrayList<>();
    for (int i = 0; i < FETCHES; i++) {
      URI url = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/huge/" + i);
      fetches.add(fetcher.fetchHop(url, Map.of(), 60_000));
    }

    // Four bodies fit the budget whole and are allocated at the content limit (not at a
    // terabyte); the other four had no room in advance and hold the smallest buffer for their
    // 100 bytes. The budget counts all of it: 4 MiB + 4 x 8 KiB, not 800 bytes.
    long expected = 4L * LIMIT + 4L * 8192;
    await().atMost(Duration.ofSeconds(30)).until(() -> fetcher.budget().held() == expected);

    hangUp.countDown(); // The bodies end short: every exchange fails and frees what it held.
    for (CompletableFuture<HttpPage> fetch : fetches) {
      await().atMost(Duration.ofSeconds(30)).until(fetch::isDone);
      assertThat(fetch).isCompletedExceptionally();
    }
    assertThat(fetcher.budget().held()).isZero();
    synchronized (accepted) {
      assertThat(accepted).hasSize(FETCHES);
    }
  }
}
