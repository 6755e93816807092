package dev.trawl.local;

import dev.trawl.embedded.DemoSite;
import dev.trawl.runtime.Shutdown;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code trawl site}: serves the demo site on its own, to crawl it with {@code trawl run}. */
@Command(
    name = "site",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the synthetic demo site (hosts 127.0.0.1, 127.0.0.2, ...) until Ctrl-C, and can"
          + " write a list of its page URLs for trawl run or trawl produce.",
      "Example: trawl site --pages-per-host 2000 --write-urls urls.txt --count 20000"
    })
final class SiteCommand implements Callable<Integer> {

  @Option(names = "--hosts", defaultValue = "10", description = "Hosts (default ${DEFAULT-VALUE}).")
  int hosts;

  @Option(
      names = "--pages-per-host",
      defaultValue = "2000",
      description = "Pages on each host (default ${DEFAULT-VALUE}).")
  int pagesPerHost;

  @Option(
      names = "--latency-ms",
      defaultValue = "50",
      description = "Latency of every response (default ${DEFAULT-VALUE}).")
  long latencyMs;

  @Option(
      names = "--page-bytes",
      defaultValue = "38000",
      description = "Approximate size of a page (default ${DEFAULT-VALUE}).")
  int pageBytes;

  @Option(
      names = "--port",
      defaultValue = "0",
      description = "Port on every host; 0 picks a free one (default ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--write-urls",
      paramLabel = "FILE",
      description = "Write page URLs to FILE, one a line, spread across hosts.")
  Path urlsFile;

  @Option(
      names = "--count",
      defaultValue = "20000",
      description = "How many URLs --write-urls writes (default ${DEFAULT-VALUE}).")
  int count;

  @Override
  public Integer call() throws Exception {
    DemoSite.Options options =
        DemoSite.Options.defaults()
            .withHosts(hosts)
            .withPagesPerHost(pagesPerHost)
            .withLatency(Duration.ofMillis(latencyMs))
            .withPageBytes(pageBytes);
    CountDownLatch stop = new CountDownLatch(1);
    try (DemoSite site = DemoSite.start(options, port);
        Shutdown shutdown = Shutdown.onSignal("site", stop::countDown, 10_000)) {
      System.out.printf(
          "Demo site: %d hosts (%s ... %s) x %d pages on port %d, %d ms latency%n",
          hosts,
          site.hosts().get(0),
          site.hosts().get(site.hosts().size() - 1),
          pagesPerHost,
          site.port(),
          latencyMs);
      System.out.println("Seeds: " + String.join(" ", site.seedUrls()));
      if (urlsFile != null) {
        Files.write(urlsFile, site.pageUrls(count), StandardCharsets.UTF_8);
        System.out.printf("Wrote %,d URLs to %s%n", count, urlsFile);
      }
      System.out.println("Serving until Ctrl-C.");
      stop.await();
    }
    return 0;
  }
}
