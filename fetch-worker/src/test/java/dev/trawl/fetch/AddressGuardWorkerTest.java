package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.fetch.internal.proxy.RecordingOrigin;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The SSRF guard of a whole worker, on by default, against a real broker and loopback origins. */
class AddressGuardWorkerTest {

  @Test
  void publishesBlockedForLoopbackTargetsAndRedirectsToThem() throws Exception {
    try (RecordingOrigin one = new RecordingOrigin("127.0.0.1");
        RecordingOrigin two = new RecordingOrigin("127.0.0.2")) {
      // Only 127.0.0.2 is allowed; everything else stays behind the default guard.
      FetchSettings base =
          FetchSettings.defaults()
              .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(2))
              .with(FetchSettings.TIMEOUT, Duration.ofSeconds(10))
              .with(FetchSettings.COMMIT_INTERVAL, Duration.ofMillis(200))
              .with(EgressSettings.ALLOW_CIDR, List.of("127.0.0.2/32"));
      KafkaFixture kafka = new KafkaFixture(TestKafka.bootstrapServers(), base, 1);
      String direct = one.url("/direct");
      String redirect =
          two.url("/redirect?to=" + URLEncoder.encode(one.url("/secret"), StandardCharsets.UTF_8));
      String fine = two.url("/fine");
      String odd = "http://2130706433:" + one.port() + "/odd";
      kafka.publish(
          List.of(
              KafkaFixture.request(direct, "127.0.0.1"),
              // Scope ANY: the redirect leaves the host, and must meet the guard, not the scope.
              FetchRequest.newBuilder(KafkaFixture.request(redirect, "127.0.0.2"))
                  .setScope(CrawlScope.ANY)
                  .build(),
              KafkaFixture.request(fine, "127.0.0.2"),
              KafkaFixture.request(odd, "2130706433")),
          false);

      FetchWorker worker = kafka.worker(new SimpleMeterRegistry());
      try {
        worker.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> worker.completedCount() == 4);
      } finally {
        worker.close(Duration.ofSeconds(10));
      }

      Map<String, String> outcomes = new TreeMap<>();
      for (FetchResult result : kafka.results()) {
        outcomes.put(
            result.getRequest().getUrl(),
            result.getOutcome()
                + " "
                + (result.getError() == null ? result.getStatus() : result.getError().getType()));
      }
      assertThat(outcomes)
          .isEqualTo(
              new TreeMap<>(
                  Map.of(
                      direct, "BLOCKED BLOCKED",
                      redirect, "BLOCKED BLOCKED",
                      fine, "FETCHED 200",
                      odd, "BLOCKED BLOCKED")));
      assertThat(kafka.failures()).isEmpty();
      assertThat(one.seen()).isEmpty();
      assertThat(two.seen())
          .extracting(RecordingOrigin.Seen::path)
          .containsOnly("/robots.txt", "/redirect", "/fine");
    }
  }

  @Test
  void fetchesAnIpv6LiteralHostWithPrivateAddressesAllowedAndStillBlocksLinkLocal()
      throws Exception {
    try (RecordingOrigin v6 = new RecordingOrigin("::1")) {
      FetchSettings base =
          FetchSettings.defaults()
              .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(2))
              .with(FetchSettings.TIMEOUT, Duration.ofSeconds(10))
              .with(FetchSettings.COMMIT_INTERVAL, Duration.ofMillis(200))
              .with(EgressSettings.ALLOW_PRIVATE_NETWORK, true);
      KafkaFixture kafka = new KafkaFixture(TestKafka.bootstrapServers(), base, 1);
      String loopback = v6.url("/v6");
      // Link-local stays refused with private addresses allowed: refused before any connection.
      String linkLocal = "http://[fe80::1]:" + v6.port() + "/metadata";
      kafka.publish(
          List.of(
              KafkaFixture.request(loopback, "[::1]"),
              KafkaFixture.request(linkLocal, "[fe80::1]")),
          false);

      FetchWorker worker = kafka.worker(new SimpleMeterRegistry());
      try {
        worker.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> worker.completedCount() == 2);
      } finally {
        worker.close(Duration.ofSeconds(10));
      }

      Map<String, FetchResult> results = new TreeMap<>();
      kafka.results().forEach(r -> results.put(r.getRequest().getUrl(), r));
      assertThat(results).containsOnlyKeys(loopback, linkLocal);
      FetchResult fetched = results.get(loopback);
      assertThat(fetched)
          .isEqualTo(
              FetchResult.newBuilder(fetched)
                  .setOutcome(FetchOutcome.FETCHED)
                  .setFinalUrl(loopback)
                  .setRedirectChain(List.of())
                  .setStatus(200)
                  .setContentType("text/plain")
                  .setBody(ByteBuffer.wrap("ok /v6".getBytes(StandardCharsets.UTF_8)))
                  .setTruncated(false)
                  .setProxyId(null)
                  .setError(null)
                  .build());
      assertThat(fetched.getRequest().getHost()).isEqualTo("[::1]");
      FetchResult blocked = results.get(linkLocal);
      assertThat(blocked.getOutcome()).isEqualTo(FetchOutcome.BLOCKED);
      assertThat(blocked.getError().getType()).isEqualTo(ErrorType.BLOCKED);
      assertThat(blocked.getError().getMessage())
          .endsWith(
              "fe80:0:0:0:0:0:0:1 (link-local (169.254.0.0/16, fe80::/10; cloud metadata lives"
                  + " here))");
      assertThat(kafka.failures()).isEmpty();
      assertThat(v6.seen())
          .extracting(RecordingOrigin.Seen::path)
          .containsExactly("/robots.txt", "/v6");
    }
  }

  @Test
  void guardsByDefault() throws Exception {
    AddressCheck check = FetchSettings.defaults().egress().addressCheck();

    assertThat(check.allows(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 80)))
        .isFalse();
    assertThat(check.allows(new InetSocketAddress(InetAddress.getByName("8.8.8.8"), 80))).isTrue();
    assertThat(check.allowsHost("127.1")).isFalse();
  }
}
