package dev.trawl.local;

import dev.trawl.embedded.DemoSite;
import dev.trawl.runtime.Shutdown;
import dev.trawl.runtime.config.CommandOptions;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trawl site}: serves the demo site on its own, to crawl it with {@code trawl run}. */
@Command(
    name = "site",
    mixinStandardHelpOptions = true,
    modelTransformer = SiteCommand.Options.class,
    description = {
      "Serves the synthetic demo site (hosts 127.0.0.1, 127.0.0.2, ...) until Ctrl-C, and can"
          + " write a list of its page URLs for trawl run or trawl produce.",
      "Example: trawl site --write-urls urls.txt --count 20000"
    })
final class SiteCommand implements Callable<Integer> {

  static final Setting<Integer> PORT =
      Setting.of("site.port", "--port", ValueType.INT)
          .defaultValue(0)
          .atLeast(0)
          .atMost(65535)
          .label("PORT")
          .doc("Port on every host; 0 picks a free one.");

  static final Setting<Path> WRITE_URLS =
      Setting.of("site.write.urls", "--write-urls", ValueType.PATH)
          .defaultText("none")
          .label("FILE")
          .doc("Write page URLs to FILE, one a line, spread across hosts.");

  static final Setting<Integer> COUNT =
      Setting.of("site.count", "--count", ValueType.INT)
          .defaultValue(20_000)
          .atLeast(1)
          .doc("How many URLs --write-urls writes.");

  static final List<Setting<?>> SETTINGS =
      CommandOptions.all(SiteSettings.SETTINGS, List.of(PORT, WRITE_URLS, COUNT));

  /** Adds {@link #SETTINGS} to the command as options. */
  static final class Options extends CommandOptions {
    Options() {
      super(SETTINGS);
    }
  }

  @Spec CommandSpec spec;

  private final Map<String, String> env = System.getenv();

  @Override
  public Integer call() throws Exception {
    Config config = CommandOptions.read(spec, SETTINGS, env);
    DemoSite.Options options = new SiteSettings(config).options();
    Path urlsFile = config.get(WRITE_URLS);
    CountDownLatch stop = new CountDownLatch(1);
    try (DemoSite site = DemoSite.start(options, config.get(PORT));
        Shutdown shutdown = Shutdown.onSignal("site", stop::countDown, 10_000)) {
      System.out.printf(
          "Demo site: %d hosts (%s ... %s) x %d pages on port %d, %d ms latency%n",
          options.hosts(),
          site.hosts().get(0),
          site.hosts().get(site.hosts().size() - 1),
          options.pagesPerHost(),
          site.port(),
          options.latency().toMillis());
      System.out.println("Seeds: " + String.join(" ", site.seedUrls()));
      if (urlsFile != null) {
        int count = config.get(COUNT);
        Files.write(urlsFile, site.pageUrls(count), StandardCharsets.UTF_8);
        System.out.printf("Wrote %,d URLs to %s%n", count, urlsFile);
      }
      System.out.println("Serving until Ctrl-C.");
      stop.await();
    }
    return 0;
  }
}
