package dev.trawl.local;

import dev.trawl.embedded.DemoSite;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import java.time.Duration;
import java.util.List;

/**
 * The shape of the demo site, for {@code trawl site} and {@code trawl demo}: defaults and checks
 * are {@link DemoSite.Options}' own, read from there, not restated.
 *
 * @param config values of {@link #SETTINGS}
 */
record SiteSettings(Config config) {

  private static final DemoSite.Options DEFAULTS = DemoSite.Options.defaults();

  static final Setting<Integer> HOSTS =
      Setting.of("site.hosts", "--hosts", ValueType.INT)
          .defaultValue(DEFAULTS.hosts())
          .check(hosts -> checked(() -> DEFAULTS.withHosts(hosts)))
          .doc("Host names of the demo site: 127.0.0.1, 127.0.0.2, ...");

  static final Setting<Integer> PAGES_PER_HOST =
      Setting.of("site.pages.per.host", "--pages-per-host", ValueType.INT)
          .defaultValue(DEFAULTS.pagesPerHost())
          .check(pages -> checked(() -> DEFAULTS.withPagesPerHost(pages)))
          .doc("Pages on each host.");

  static final Setting<Duration> LATENCY =
      Setting.of("site.latency.ms", "--latency-ms", ValueType.MILLIS)
          .defaultValue(DEFAULTS.latency())
          .check(latency -> checked(() -> DEFAULTS.withLatency(latency)))
          .doc("Latency of every response.");

  static final Setting<Integer> PAGE_BYTES =
      Setting.of("site.page.bytes", "--page-bytes", ValueType.INT)
          .defaultValue(DEFAULTS.pageBytes())
          .check(bytes -> checked(() -> DEFAULTS.withPageBytes(bytes)))
          .label("BYTES")
          .doc("Approximate size of a page.");

  static final List<Setting<?>> SETTINGS = List.of(HOSTS, PAGES_PER_HOST, LATENCY, PAGE_BYTES);

  SiteSettings {
    config = config.select(SETTINGS);
  }

  /** The site these settings describe. */
  DemoSite.Options options() {
    return DEFAULTS
        .withHosts(config.get(HOSTS))
        .withPagesPerHost(config.get(PAGES_PER_HOST))
        .withLatency(config.get(LATENCY))
        .withPageBytes(config.get(PAGE_BYTES));
  }

  /** No problem when {@code check} passes; DemoSite.Options' own message when it throws. */
  private static String checked(Runnable check) {
    check.run();
    return null;
  }
}
