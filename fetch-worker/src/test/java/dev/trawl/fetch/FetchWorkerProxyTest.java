package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.fetch.internal.proxy.TestHttpProxy;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchError;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A fetch worker whose proxy comes from its command line, against a real broker, a real HTTP proxy
 * and a real origin on loopback: a URL that fails through the proxy ends in the DLQ as a
 * FetchFailure naming the proxy, without its credentials.
 */
class FetchWorkerProxyTest {

  private ScriptedSite origin;
  private TestHttpProxy proxy;

  @BeforeEach
  void start() throws Exception {
    origin = new ScriptedSite(1).on("/busy", 503, "busy");
    proxy = new TestHttpProxy("crawler", "s3cret");
  }

  @AfterEach
  void stop() throws Exception {
    proxy.close();
    origin.close();
  }

  /** The settings of {@code fetch-worker ARGS}, read as the command reads them. */
  private static FetchSettings commandLine(String... args) {
    FetchWorkerCommand command = new FetchWorkerCommand(Map.of());
    new CommandLine(command).parseArgs(args);
    return command.settings(command.config());
  }

  @Test
  void aUrlFailingThroughAProxyEndsInTheDlqNamingTheProxy() throws Exception {
    FetchSettings settings =
        commandLine(
            "--proxy=http://crawler:s3cret@127.0.0.1:" + proxy.port(),
            "--allow-private-network",
            "--no-robots",
            "--max-attempts=2",
            "--retry-base-delay-ms=10",
            "--retry-max-delay-ms=50",
            "--timeout-ms=10000",
            "--commit-interval-ms=200");
    KafkaFixture kafka = new KafkaFixture(TestKafka.bootstrapServers(), settings, 1);
    // One origin answers 503 every time; behind the other port nothing listens, and the proxy
    // closes the connection when it cannot reach it.
    FetchRequest busy = KafkaFixture.request(origin.url(1, "/busy"), "127.0.0.1");
    FetchRequest gone =
        KafkaFixture.request("http://127.0.0.1:" + TestSite.closedPort() + "/gone", "127.0.0.1");
    kafka.publish(List.of(busy, gone), false);

    try (FetchWorker worker = kafka.worker(new SimpleMeterRegistry())) {
      worker.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> worker.completedCount() == 2);
    }

    String proxyId = "http://127.0.0.1:" + proxy.port();
    Map<String, FetchFailure> failures =
        kafka.failures().stream()
            .collect(Collectors.toMap(f -> f.getRequest().getUrl(), Function.identity()));
    assertThat(kafka.results()).isEmpty();
    assertThat(failures)
        .containsOnlyKeys(busy.getUrl(), gone.getUrl())
        .containsEntry(
            busy.getUrl(),
            FetchFailure.newBuilder()
                .setRequest(busy)
                .setAttempts(2)
                .setError(new FetchError(ErrorType.HTTP_STATUS, "HTTP 503 after 2 attempts"))
                .setFailedAt(failures.get(busy.getUrl()).getFailedAt())
                .setStatus(503)
                .setProxyId(proxyId)
                .build());
    // The proxy hangs up without an answer: a protocol error, not retried. Its message describes
    // Jetty's connection objects, so it is taken as it came.
    FetchFailure hungUp = failures.get(gone.getUrl());
    assertThat(hungUp)
        .isEqualTo(
            FetchFailure.newBuilder()
                .setRequest(gone)
                .setAttempts(1)
                .setError(new FetchError(ErrorType.PROTOCOL, hungUp.getError().getMessage()))
                .setFailedAt(hungUp.getFailedAt())
                .setStatus(0)
                .setProxyId(proxyId)
                .build());
    assertThat(failures.values())
        .allSatisfy(f -> assertThat(f.toString()).doesNotContain("s3cret"));
    assertThat(origin.hits(1, "/busy")).hasSize(2);
    assertThat(proxy.seen())
        .extracting(TestHttpProxy.Seen::requestLine)
        .containsExactlyInAnyOrder(
            "GET " + busy.getUrl() + " HTTP/1.1",
            "GET " + busy.getUrl() + " HTTP/1.1",
            "GET " + gone.getUrl() + " HTTP/1.1");
  }
}
