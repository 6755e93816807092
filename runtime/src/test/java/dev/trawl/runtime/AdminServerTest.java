package dev.trawl.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class AdminServerTest {

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void servesHealthAndPrometheusMetrics() throws Exception {
    Health health = new Health();
    PrometheusMeterRegistry registry = Metrics.newRegistry("test-role");
    registry.counter("trawl_test_events").increment(3);

    try (AdminServer admin = AdminServer.start("127.0.0.1", 0, health, registry)) {
      assertThat(get(admin, "/health/live").statusCode()).isEqualTo(200);
      assertThat(get(admin, "/health/ready").statusCode()).isEqualTo(503);

      health.setReady(true);
      assertThat(get(admin, "/health/ready").statusCode()).isEqualTo(200);

      HttpResponse<String> metrics = get(admin, "/metrics");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body())
          .contains("trawl_test_events_total{role=\"test-role\"} 3.0")
          .contains("jvm_memory_used_bytes");

      health.setDead();
      assertThat(get(admin, "/health/live").statusCode()).isEqualTo(503);
      assertThat(get(admin, "/health/ready").statusCode()).isEqualTo(503);
    }
  }

  private HttpResponse<String> get(AdminServer admin, String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin.port() + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
