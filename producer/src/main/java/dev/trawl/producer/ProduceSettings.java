package dev.trawl.producer;

import dev.trawl.producer.internal.ExtractSyntax;
import dev.trawl.producer.internal.RuleTexts;
import dev.trawl.producer.internal.RulesFile;
import dev.trawl.runtime.config.CommandOptions;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import dev.trawl.runtime.crawl.ExtractionRules;
import dev.trawl.runtime.net.AddressGuard;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.ExtractionRule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
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

  /** Null unless given: a crawl id given alone adds URLs to a crawl as it was declared. */
  public static final Setting<Integer> DEPTH =
      Setting.of("producer.max.depth", "--depth", ValueType.INT)
          .defaultText("0")
          .atLeast(0)
          .doc("How many links deep discovered pages are followed; 0 fetches the given URLs only.");

  /** Null unless given, as {@link #DEPTH}. */
  public static final Setting<CrawlScope> SCOPE =
      Setting.of("producer.scope", "--scope", ValueType.enumOf(CrawlScope.class))
          .defaultText("HOST")
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

  public static final Setting<List<String>> EXTRACT =
      Setting.of("producer.extract", "--extract", new RuleTexts())
          .defaultValue(List.of())
          .defaultText("none")
          .check(ProduceSettings::requireRules)
          .doc(
              "A field to extract from every page of the crawl, "
                  + ExtractSyntax.FORM
                  + " (see README); repeatable; one per line in the environment.");

  public static final Setting<Path> RULES =
      Setting.of("producer.rules", "--rules", ValueType.PATH)
          .defaultText("none")
          .check(ProduceSettings::requireRulesFile)
          .label("FILE")
          .doc(
              "A YAML file of extraction rules (rules: a list of rule objects), before --extract.");

  public static final Setting<Boolean> MAIN_TEXT =
      Setting.of("producer.main.text", "--main-text", ValueType.BOOLEAN)
          .defaultValue(false)
          .doc("Keep each page's main text in its document, for archives and indexes.");

  public static final Setting<Integer> MAIN_TEXT_MAX_BYTES =
      Setting.of("producer.main.text.max.bytes", "--main-text-max-bytes", ValueType.INT)
          .defaultValue(ExtractionRules.DEFAULT_MAIN_TEXT_BYTES)
          .atLeast(1)
          .atMost(ExtractionRules.MAX_MAIN_TEXT_BYTES)
          .label("BYTES")
          .doc("The main text's cap in UTF-8 bytes.");

  /**
   * What declares a crawl besides its depth and scope: given with a crawl id, or for a new crawl,
   * they publish its definition.
   */
  public static final List<Setting<?>> EXTRACTION =
      List.of(EXTRACT, RULES, MAIN_TEXT, MAIN_TEXT_MAX_BYTES);

  public static final List<Setting<?>> SETTINGS =
      CommandOptions.all(
          List.of(
              URLS,
              SITEMAP,
              ALLOW_PRIVATE_NETWORK,
              PROGRESS,
              SKIP_INVALID,
              CRAWL_ID,
              DEPTH,
              SCOPE,
              METADATA),
          EXTRACTION);

  /**
   * Checks that the input is given once, and the rules together.
   *
   * @throws IllegalArgumentException when both a sitemap and a file of URLs are given, or rules of
   *     --rules and --extract share a name (or are too many)
   */
  public ProduceSettings {
    config = config.select(SETTINGS);
    if (config.get(SITEMAP) != null && !config.get(URLS).equals(STDIN)) {
      throw new IllegalArgumentException("--sitemap and --urls cannot be combined: give one input");
    }
    extraction(config);
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

  /**
   * The crawl of every request: the crawl id given, or one from {@code clock}'s current time. It
   * declares the crawl (publishes its definition) unless a crawl id is given alone, without depth,
   * scope, rules or main text: then the URLs are added to the crawl as it was declared.
   */
  public CrawlSpec crawl(Clock clock) {
    String crawlId = config.get(CRAWL_ID);
    ExtractionSpec extraction = extraction(config);
    boolean declares =
        crawlId == null
            || config.get(DEPTH) != null
            || config.get(SCOPE) != null
            || !extraction.equals(ExtractionSpec.NONE);
    return new CrawlSpec(
        crawlId != null ? crawlId : CrawlSpec.generateCrawlId(clock),
        depth(config),
        scope(config),
        config.get(METADATA),
        extraction,
        declares);
  }

  /** The depth of any config holding {@link #DEPTH}: as given, else 0. */
  public static int depth(Config config) {
    Integer depth = config.get(DEPTH);
    return depth == null ? 0 : depth;
  }

  /** The scope of any config holding {@link #SCOPE}: as given, else HOST. */
  public static CrawlScope scope(Config config) {
    CrawlScope scope = config.get(SCOPE);
    return scope == null ? CrawlScope.HOST : scope;
  }

  /**
   * The extraction of any config holding {@link #EXTRACTION}: the rules of --rules, then those of
   * --extract, and the main text when asked for.
   *
   * @throws IllegalArgumentException when rules share a name or are too many
   */
  public static ExtractionSpec extraction(Config config) {
    List<ExtractionRule> rules = new ArrayList<>();
    if (config.get(RULES) != null) {
      rules.addAll(RulesFile.read(config.get(RULES)));
    }
    config.get(EXTRACT).forEach(text -> rules.add(ExtractSyntax.parse(text)));
    if (rules.isEmpty() && !config.get(MAIN_TEXT)) {
      return ExtractionSpec.NONE;
    }
    try {
      return new ExtractionSpec(rules, config.get(MAIN_TEXT), config.get(MAIN_TEXT_MAX_BYTES));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--rules and --extract: " + e.getMessage(), e);
    }
  }

  /** Parses every rule; throws the first one's problem, naming it. */
  private static String requireRules(List<String> texts) {
    texts.forEach(ExtractSyntax::parse);
    return null;
  }

  /** Reads the file's rules; throws what is wrong with it. */
  private static String requireRulesFile(Path file) {
    RulesFile.read(file);
    return null;
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
