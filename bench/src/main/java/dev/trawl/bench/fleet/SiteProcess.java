package dev.trawl.bench.fleet;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./trawl site} in a JVM of its own, as a user runs it beside {@code trawl run}: it shares
 * the machine's cores with the crawl, as the figures did, but not its process. It runs with
 * the launcher's own JVM options, not the {@code TRAWL_JAVA_OPTS} a benchmark varies for the
 * measured command; {@code -Dbench.siteJavaOpts=...} gives it some (a profile of the site).
 */
final class SiteProcess implements AutoCloseable {

  private static final long START_TIMEOUT_MS = 300_000;
  private static final int WARM_UP_IN_FLIGHT = 128;

  private final Process process;

  private SiteProcess(Process process) {
    this.process = process;
  }

  /** Starts the site and waits until it serves, with its page URLs written to {@code urls}. */
  static SiteProcess start(Path repo, int hosts, int pagesPerHost, Path urls)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile("fleet-bench-site", ".log");
    ProcessBuilder builder =
        new ProcessBuilder(
                List.of(
                    repo.resolve("trawl").toString(),
                    "site",
                    "--hosts",
                    String.valueOf(hosts),
                    "--pages-per-host",
                    String.valueOf(pagesPerHost),
                    "--write-urls",
                    urls.toString(),
                    "--count",
                    String.valueOf(hosts * pagesPerHost)))
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("TRAWL_JAVA_OPTS", System.getProperty("bench.siteJavaOpts", ""));
    Process process = builder.start();
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (Files.readString(log).contains("Serving until")) {
        return new SiteProcess(process);
      }
      if (process.waitFor(100, TimeUnit.MILLISECONDS)) {
        break;
      }
    }
    process.destroyForcibly();
    throw new IllegalStateException("trawl site did not start serving; see " + log);
  }

  /**
   * Serves the first {@code count} URLs of {@code urls} once each, {@value #WARM_UP_IN_FLIGHT} at a
   * time, so that the site's JIT is warm before the first measured round, as a site a crawler meets
   * is (a cold site took 0.6-0.8 ms of CPU per page in a 20,000-URL round against 0.22-0.29 warm).
   * The site keeps no state per request: the rounds see the same pages and faults.
   */
  void warmUp(Path urls, int count) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    Semaphore inFlight = new Semaphore(WARM_UP_IN_FLIGHT);
    try (var lines = Files.lines(urls)) {
      for (String url : (Iterable<String>) lines.limit(count)::iterator) {
        inFlight.acquire();
        client
            .sendAsync(HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.discarding())
            .whenComplete((response, failure) -> inFlight.release());
      }
    }
    if (!inFlight.tryAcquire(WARM_UP_IN_FLIGHT, 5, TimeUnit.MINUTES)) {
      throw new IllegalStateException("the site's warm-up did not end within 5 minutes");
    }
  }

  /** CPU seconds the site has used so far (its JVM, as the launcher execs it). */
  double cpuSeconds() {
    return Proc.cpuSeconds(process.pid());
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
