package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.testing.LoopbackServer;
import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.runtime.PageLimits;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The body budget of a whole worker, against a real broker and server: while a response holds bytes
 * and no whole response fits in the budget any more, the next request waits unstarted, and starts
 * once those bytes are released.
 */
class FetchWorkerBodyBudgetTest {

  private static final int LIMIT = 1_000;

  private LoopbackServer server;
  private final List<String> events = new CopyOnWriteArrayList<>();

  /** The rest of the partial response, sent by {@link #finishPartial}. */
  private volatile Runnable finish;

  @BeforeEach
  void startServer() throws Exception {
    server =
        new LoopbackServer(
            1,
            new Handler.Abstract() {
              @Override
              public boolean handle(Request request, Response response, Callback callback) {
                String path = Request.getPathInContext(request);
                events.add("request " + path);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                byte[] half = new byte[LIMIT / 2];
                Arrays.fill(half, (byte) 'a');
                if (path.equals("/partial")) {
                  // Half a body now, the other half when the test says so.
                  response.write(
                      false,
                      ByteBuffer.wrap(half),
                      Callback.from(
                          () ->
                              finish = () -> response.write(true, ByteBuffer.wrap(half), callback),
                          callback::failed));
                } else {
                  response.write(true, ByteBuffer.wrap(half), callback);
                }
                return true;
              }
            });
  }

  @AfterEach
  void stopServer() throws Exception {
    finishPartial();
    server.close();
  }

  private synchronized void finishPartial() {
    Runnable rest = finish;
    finish = null;
    if (rest != null) {
      events.add("partial finished");
      rest.run();
    }
  }

  private String url(String path) {
    return server.url(1, path);
  }

  @Test
  void aFetchWaitsUnstartedWhileTheBudgetIsExhaustedAndStartsOnceBytesAreReleased()
      throws Exception {
    FetchSettings base =
        FetchSettings.defaults()
            .with(PageLimits.CONTENT_LIMIT_BYTES, LIMIT)
            .with(ContentSettings.BODY_BUDGET_BYTES, (long) LIMIT)
            .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(5))
            .with(FetchSettings.TIMEOUT, Duration.ofSeconds(60))
            .with(FetchSettings.COMMIT_INTERVAL, Duration.ofMillis(100))
            .with(EgressSettings.ALLOW_PRIVATE_NETWORK, true)
            .with(FetchPolicy.ROBOTS, false);
    KafkaFixture kafka = new KafkaFixture(TestKafka.bootstrapServers(), base, 1);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();

    try (FetchWorker worker = kafka.worker(registry)) {
      worker.start();
      kafka.publish(List.of(KafkaFixture.request(url("/partial"), "127.0.0.1")), false);
      await()
          .atMost(Duration.ofSeconds(60))
          // Half a body arrived; the budget counts the buffer allocated for it, here the whole
          // (small) content limit.
          .until(() -> heldBytes(registry) == LIMIT && finish != null);

      kafka.publish(List.of(KafkaFixture.request(url("/next"), "127.0.0.1")), false);
      // Polled, and held back by the budget (a whole response no longer fits): not started.
      await()
          .atMost(Duration.ofSeconds(30))
          .during(Duration.ofMillis(500))
          .until(() -> worker.buffered() == 1);
      assertThat(events).containsExactly("request /partial");

      finishPartial();
      await().atMost(Duration.ofSeconds(30)).until(() -> worker.completedCount() == 2);
      assertThat(events).containsExactly("request /partial", "partial finished", "request /next");
      await().atMost(Duration.ofSeconds(10)).until(() -> heldBytes(registry) == 0);
    }
    assertThat(kafka.outcomes())
        .isEqualTo(Map.of(url("/partial"), List.of("200"), url("/next"), List.of("200")));
  }

  private static double heldBytes(SimpleMeterRegistry registry) {
    return registry.get("trawl.fetch.body.held").gauge().value();
  }
}
