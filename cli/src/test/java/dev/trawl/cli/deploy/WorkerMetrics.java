package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.trawl.cli.Trawl;
import dev.trawl.embedded.testing.TestKafka;
import dev.trawl.runtime.PageLimits;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.schemas.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.awaitility.Awaitility;

/**
 * The metric names the workers really export: a fetch worker and a process worker run as the image
 * runs them (the trawl command in a JVM of its own) against the test broker, one page of a loopback
 * site goes through both, and their /metrics are read.
 */
final class WorkerMetrics {

  private static final Duration WAIT = Duration.ofSeconds(120);

  /** Guarded by the class lock: scraped once per test JVM. */
  private static Set<String> names;

  private WorkerMetrics() {}

  /** Every metric name in the two workers' /metrics once a page has gone through both. */
  static synchronized Set<String> exported() throws Exception {
    if (names == null) {
      names = scrape();
    }
    return names;
  }

  private static Set<String> scrape() throws Exception {
    String bootstrap = TestKafka.bootstrapServers();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      TopicSetup.ensureTopics(admin, 1, (short) 1, PageLimits.CONTENT_LIMIT_BYTES.defaultValue());
    }
    HttpServer site = site();
    Path dir = Files.createTempDirectory("worker-metrics");
    List<Process> workers = new ArrayList<>();
    try {
      int fetchPort = freePort();
      int processPort = freePort();
      assertThat(processPort).isNotEqualTo(fetchPort);
      String kafka = " --bootstrap-servers " + bootstrap + " --admin-host 127.0.0.1";
      workers.add(
          start(
              dir,
              "fetch",
              "fetch-worker"
                  + kafka
                  + " --admin-port "
                  + fetchPort
                  + " --group-id worker-metrics-fetch --allow-private-network"));
      workers.add(
          start(
              dir,
              "process",
              "process-worker"
                  + kafka
                  + " --admin-port "
                  + processPort
                  + " --application-id worker-metrics-process --threads 1 --commit-interval-ms 100"
                  + " --state-dir "
                  + dir.resolve("state")));
      Path urls =
          Files.writeString(
              dir.resolve("urls.txt"), "http://127.0.0.1:" + site.getAddress().getPort() + "/\n");
      Process produce =
          start(
              dir,
              "produce",
              "produce"
                  + kafka
                  + " --admin-port -1 --urls "
                  + urls
                  + " --topic "
                  + Topics.URLS.name());
      assertThat(produce.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(produce.exitValue()).as(Files.readString(dir.resolve("produce.log"))).isZero();

      return awaitOnePage(fetchPort, processPort);
    } finally {
      for (Process worker : workers) {
        worker.destroy();
      }
      for (Process worker : workers) {
        if (!worker.waitFor(60, TimeUnit.SECONDS)) {
          worker.destroyForcibly();
        }
      }
      site.stop(0);
    }
  }

  /** A loopback site of one HTML page. */
  private static HttpServer site() throws IOException {
    HttpServer site = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    site.createContext(
        "/",
        exchange -> {
          boolean page = exchange.getRequestURI().getPath().equals("/");
          byte[] body =
              (page ? "<html><head><title>t</title></head><body>a page</body></html>" : "")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          exchange.sendResponseHeaders(page ? 200 : 404, body.length == 0 ? -1 : body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    site.start();
    return site;
  }

  /** Waits until a page went through both workers; returns the names their /metrics show. */
  private static Set<String> awaitOnePage(int fetchPort, int processPort) {
    Set<String> exported = new TreeSet<>();
    Awaitility.await("a page through both workers")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              String fetch = metrics(fetchPort);
              String process = metrics(processPort);
              assertThat(fetch).contains("trawl_fetch_outcomes_total{");
              assertThat(process)
                  .containsPattern("trawl_process_pages_total\\{content=\"html\"[^}]*} [1-9]");
              exported.clear();
              exported.addAll(names(fetch));
              exported.addAll(names(process));
            });
    return exported;
  }

  /** Runs {@code trawl ARGS} (space-separated) in a JVM of its own with this test's class path. */
  private static Process start(Path dir, String log, String args) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                Trawl.class.getName()));
    command.addAll(List.of(args.split(" ")));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve(log + ".log").toFile())
        .start();
  }

  private static String metrics(int port) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(Duration.ofSeconds(10))
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
    } catch (IOException e) {
      // Not serving yet: the wait asks again.
      return "";
    }
  }

  /** The names of the samples of a Prometheus text exposition. */
  static Set<String> names(String exposition) {
    Set<String> names = new TreeSet<>();
    for (String line : exposition.split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        int end = line.indexOf('{');
        names.add(line.substring(0, end > 0 ? end : line.indexOf(' ')));
      }
    }
    return names;
  }

  /**
   * A port free now, below Linux's ephemeral range (32768 and up), so that no client socket of this
   * machine takes it before the worker binds it.
   */
  private static int freePort() {
    java.util.Random random = new java.util.Random();
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = 20_000 + random.nextInt(10_000);
      try (ServerSocket socket =
          new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        // Try another.
      }
    }
    throw new IllegalStateException("no free port between 20000 and 30000");
  }
}
