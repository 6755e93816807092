package dev.trawl.producer;

import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import dev.trawl.runtime.net.AddressGuard;
import dev.trawl.schemas.CrawlScope;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What {@code trawl produce} publishes besides {@link PublishSettings}: the input, the crawl its
 * requests belong to, and how the command reports. Each setting is defined here once, and the
 * command line, the environment and the configuration reference read these definitions.
 *
 * @param config values of {@link #SETTINGS}; others it holds are left out
 */
public record ProduceSettings(Config config) {

  /** The {@link #URLS} that reads standard input. */
  public static final String STDIN = "-";

  public static final Setting<String> URLS =
      Setting.of("producer.urls", "--urls", ValueType.TEXT)
          .defaultValue(STDIN)
          .check(ProduceSettings::requireFile)
          .label("FILE")
          .doc("File of URLs, one per line; - reads stdin.");

  public static final Setting<String> SITEMAP =
      Setting.of("producer.sitemap", "--sitemap", ValueType.TEXT)
          .defaultText("none")
          .check(ProduceSettings::requireSitemap)
          .label("URL|FILE")
          .doc(
              "Publishes the URLs of a sitemap or sitemap index (XML, text or RSS, plain or gzip)"
                  + " instead of --urls.");

  /** The guard of the sitemaps an index lists and of redirects; the named sitemap is trusted. */
  public static final Setting<Boolean> ALLOW_PRIVATE_NETWORK =
      Setting.of("producer.allow.private.network", "--allow-private-network", ValueType.BOOLEAN)
          .defaultValue(false)
          .doc(
              "Read the sitemaps an index lists (and redirects) from loopback, private, CGNAT and"
                  + " unique-local addresses too; link-local and cloud metadata stay refused.");

  public static final Setting<Boolean> PROGRESS =
      Setting.of("producer.progress", "--progress", ValueType.BOOLEAN)
          .defaultValue(true)
          .doc("Shows a progress line on a terminal for inputs taking over a second.");

  public static final Setting<Boolean> SKIP_INVALID =
      Setting.of("producer.skip.invalid", "--skip-invalid", ValueType.BOOLEAN)
          .defaultValue(false)
          .doc("Report rejected lines but exit 0.");

  public static final Setting<String> CRAWL_ID =
      Setting.of("producer.crawl.id", "--crawl-id", ValueType.TEXT)
          .defaultText("crawl-<yyyyMMdd-HHmmss> of the current UTC time")
          .notEmpty()
          .label("ID")
          .doc("Crawl the requests belong to.");

  public static final Setting<Integer> DEPTH =
      Setting.of("producer.max.depth", "--depth", ValueType.INT)
          .defaultValue(0)
          .atLeast(0)
          .doc("How many links deep discovered pages are followed; 0 fetches the given URLs only.");

  public static final Setting<CrawlScope> SCOPE =
      Setting.of("producer.scope", "--scope", ValueType.enumOf(CrawlScope.class))
          .defaultValue(CrawlScope.HOST)
          .label("SCOPE")
          .doc(
              Arrays.stream(CrawlScope.values())
                  .map(Enum::name)
                  .collect(Collectors.joining(", ", "Which discovered links are followed: ", ".")));

  public static final Setting<Map<String, String>> METADATA =
      Setting.of("producer.metadata", "--metadata", ValueType.MAP)
          .defaultValue(Map.of())
          .check(CrawlSpec::metadataProblem)
          .doc(
              "Metadata copied into every request; repeatable; at most "
                  + CrawlSpec.MAX_METADATA_BYTES / 1024
                  + " KiB of keys and values in all.");

  public static final List<Setting<?>> SETTINGS =
      List.of(
          URLS,
          SITEMAP,
          ALLOW_PRIVATE_NETWORK,
          PROGRESS,
          SKIP_INVALID,
          CRAWL_ID,
          DEPTH,
          SCOPE,
          METADATA);

  /**
   * Checks that the input is given once.
   *
   * @throws IllegalArgumentException when both a sitemap and a file of URLs are given
   */
  public ProduceSettings {
    config = config.select(SETTINGS);
    if (config.get(SITEMAP) != null && !config.get(URLS).equals(STDIN)) {
      throw new IllegalArgumentException("--sitemap and --urls cannot be combined: give one input");
    }
  }

  /** Every setting at its default. */
  public static ProduceSettings defaults() {
    return new ProduceSettings(Config.defaults(SETTINGS));
  }

  /**
   * These settings with {@code setting} set to {@code value}, checked.
   *
   * @throws IllegalArgumentException naming the option and the problem, or when the input would be
   *     given twice
   */
  public <T> ProduceSettings with(Setting<T> setting, T value) {
    return new ProduceSettings(config.with(setting, value));
  }

  /** The file of URLs, or {@link #STDIN}; not read when a {@link #sitemap()} is given. */
  public String urls() {
    return config.get(URLS);
  }

  /** The sitemap whose URLs are published instead of {@link #urls()}, if one is given. */
  public Optional<String> sitemap() {
    return Optional.ofNullable(config.get(SITEMAP));
  }

  /**
   * The address guard of the sitemaps an index lists and of redirects: public addresses only,
   * unless private ones are allowed.
   */
  public AddressGuard sitemapGuard() {
    return config.get(ALLOW_PRIVATE_NETWORK)
        ? new AddressGuard(true, List.of())
        : AddressGuard.PUBLIC_ONLY;
  }

  /** The input as reports name it: the sitemap, the file of URLs, or {@code <stdin>}. */
  public String inputName() {
    return sitemap().orElse(urls().equals(STDIN) ? "<stdin>" : urls());
  }

  /** True when a terminal shows progress. */
  public boolean progress() {
    return config.get(PROGRESS);
  }

  /** True when rejected lines are reported without failing the command. */
  public boolean skipInvalid() {
    return config.get(SKIP_INVALID);
  }

  /** The crawl of every request: the crawl id given, or one from {@code clock}'s current time. */
  public CrawlSpec crawl(Clock clock) {
    String crawlId = config.get(CRAWL_ID);
    return new CrawlSpec(
        crawlId != null ? crawlId : CrawlSpec.generateCrawlId(clock),
        config.get(DEPTH),
        config.get(SCOPE),
        config.get(METADATA));
  }

  /**
   * Passes stdin and existing files. Throws for others, so that the message reads {@code --urls: no
   * such file: FILE} (a problem returned would be shown as {@code --urls ..., was 'FILE'}).
   */
  private static String requireFile(String urls) {
    if (!urls.equals(STDIN) && !Files.isRegularFile(Path.of(urls))) {
      throw new IllegalArgumentException("no such file: " + urls);
    }
    return null;
  }

  /** Passes what {@link SitemapSource} can open; throws its reason for anything else. */
  private static String requireSitemap(String location) {
    SitemapSource.location(location);
    return null;
  }
}
