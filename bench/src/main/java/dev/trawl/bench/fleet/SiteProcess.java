package dev.trawl.bench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./trawl site} in a JVM of its own, as a user runs it beside {@code trawl run}: it shares
 * the machine's cores with the crawl, as the figures did, but not its process. It runs with
 * the launcher's own JVM options, not the {@code TRAWL_JAVA_OPTS} a benchmark varies for the
 * measured command; {@code -Dbench.siteJavaOpts=...} gives it some (a profile of the site).
 */
final class SiteProcess implements AutoCloseable {

  private static final long START_TIMEOUT_MS = 300_000;

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
