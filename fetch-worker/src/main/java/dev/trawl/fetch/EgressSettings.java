package dev.trawl.fetch;

import dev.trawl.fetch.internal.proxy.ProxyEndpoint;
import dev.trawl.fetch.internal.proxy.ProxyPool;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import dev.trawl.runtime.net.Cidr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a fetch worker may connect and through which proxies: each setting is defined here once,
 * and the command line, the environment and the configuration reference read these definitions.
 * Proxy URLs hold credentials: no message and no {@code toString} shows them.
 *
 * @param config values of {@link #SETTINGS}; others it holds are left out
 */
public record EgressSettings(Config config) {

  public static final Setting<Boolean> ALLOW_PRIVATE_NETWORK =
      Setting.of("fetcher.allow.private.network", "--allow-private-network", ValueType.BOOLEAN)
          .defaultValue(false)
          .doc(
              "Allow loopback, private, CGNAT and unique-local addresses; link-local and cloud"
                  + " metadata stay refused.");

  public static final Setting<List<String>> ALLOW_CIDR =
      Setting.of("fetcher.allow.cidrs", "--allow-cidr", ValueType.LIST)
          .defaultValue(List.of())
          .defaultText("none")
          .check(
              blocks -> {
                blocks.forEach(Cidr::parse);
                return null;
              })
          .label("CIDR")
          .doc(
              "Allow addresses in this block, repeatable; a link-local address needs a block inside"
                  + " 169.254.0.0/16 or fe80::/10, such as 169.254.169.254/32.");

  public static final Setting<List<String>> PROXY =
      Setting.of("fetcher.proxies", "--proxy", ProxyUrls.TYPE)
          .defaultValue(List.of())
          .defaultText("none: direct connections")
          .check(EgressSettings::checkProxies)
          .secret()
          .label("URL")
          .doc(
              "A proxy, http://user:pass@host:port or socks5://user:pass@host:port, repeatable;"
                  + " in one value a comma starts a new proxy only before http://, https:// or"
                  + " socks5://, so a password may hold commas.");

  /** Read when given (on the command line, in the environment or with {@code with}). */
  public static final Setting<ProxyFile> PROXY_FILE =
      Setting.of("fetcher.proxy.file", "--proxy-file", ProxyFile.TYPE)
          .defaultText("none")
          .check(file -> checkProxies(file.urls()))
          .doc(
              "A file of proxy URLs, one a line, # comments, added to --proxy; for mounted secrets.");

  public static final Setting<String> PROXY_ROTATION =
      Setting.of("fetcher.proxy.rotation", "--proxy-rotation", ValueType.TEXT)
          .defaultValue(ProxyPool.Rotation.ROUND_ROBIN.option())
          .check(
              text ->
                  ProxyPool.Rotation.of(text) == null
                      ? "must be round-robin, random or sticky-host"
                      : null)
          .label("MODE")
          .doc("round-robin, random or sticky-host.");

  public static final Setting<Integer> PROXY_FAILURE_THRESHOLD =
      Setting.of("fetcher.proxy.failure.threshold", "--proxy-failure-threshold", ValueType.INT)
          .defaultValue(3)
          .atLeast(1)
          .doc("Consecutive connection failures that bench a proxy.");

  public static final Setting<Duration> PROXY_COOLDOWN =
      Setting.of("fetcher.proxy.cooldown.ms", "--proxy-cooldown-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(60))
          .atLeast(0)
          .doc("How long a benched proxy sits out.");

  public static final List<Setting<?>> SETTINGS =
      List.of(
          ALLOW_PRIVATE_NETWORK,
          ALLOW_CIDR,
          PROXY,
          PROXY_FILE,
          PROXY_ROTATION,
          PROXY_FAILURE_THRESHOLD,
          PROXY_COOLDOWN);

  public EgressSettings {
    config = config.select(SETTINGS);
  }

  /** Every setting at its default: public addresses only, direct connections. */
  public static EgressSettings defaults() {
    return new EgressSettings(Config.defaults(SETTINGS));
  }

  /** These settings with {@code setting} set to {@code value}, checked. */
  public <T> EgressSettings with(Setting<T> setting, T value) {
    return new EgressSettings(config.with(setting, value));
  }

  /** Whether loopback, private, CGNAT, unique-local and reserved addresses are allowed. */
  public boolean allowPrivateNetwork() {
    return config.get(ALLOW_PRIVATE_NETWORK);
  }

  /** Address blocks allowed whatever their range; link-local needs a block inside its range. */
  public List<String> allowCidrs() {
    return config.get(ALLOW_CIDR);
  }

  /** Every proxy URL: those of {@link #PROXY}, then those of {@link #PROXY_FILE}. */
  public List<String> proxies() {
    ProxyFile file = config.get(PROXY_FILE);
    if (file == null) {
      return config.get(PROXY);
    }
    List<String> all = new ArrayList<>(config.get(PROXY));
    all.addAll(file.urls());
    return List.copyOf(all);
  }

  /** How a proxy is chosen for a request: round-robin, random or sticky-host. */
  public String proxyRotation() {
    return config.get(PROXY_ROTATION);
  }

  /** Consecutive connection failures that bench a proxy. */
  public int proxyFailureThreshold() {
    return config.get(PROXY_FAILURE_THRESHOLD);
  }

  /** How long a benched proxy sits out. */
  public Duration proxyCooldown() {
    return config.get(PROXY_COOLDOWN);
  }

  /** The address guard these settings describe. */
  public AddressCheck addressCheck() {
    return AddressCheck.guard(allowPrivateNetwork(), allowCidrs());
  }

  /** Parses every URL; a problem is thrown, its message without the credentials. */
  private static String checkProxies(List<String> urls) {
    urls.forEach(ProxyEndpoint::parse);
    return null;
  }

  /**
   * Proxy URLs separated by commas, as an option repeated or in one environment variable, split
   * only where a comma comes before a new {@code http://}, {@code https://} or {@code socks5://}: a
   * password may hold commas ({@code http://user:a,b@host:3128}).
   */
  static final class ProxyUrls {

    private static final Pattern NEXT_URL = Pattern.compile(",(?=\\s*(?i:https?|socks5)://)");

    static final ValueType<List<String>> TYPE =
        new ValueType<>() {
          @Override
          public List<String> parse(String text) {
            List<String> urls = new ArrayList<>();
            for (String item : NEXT_URL.split(text)) {
              String url = trimmed(item);
              if (!url.isEmpty()) {
                urls.add(url);
              }
            }
            return List.copyOf(urls);
          }

          @Override
          public List<String> parse(List<String> occurrences) {
            return occurrences.stream().flatMap(o -> parse(o).stream()).toList();
          }

          @Override
          public String format(List<String> value) {
            return String.join(",", value);
          }

          @Override
          public String label() {
            return "URL[,URL...]";
          }

          @Override
          public boolean repeatable() {
            return true;
          }
        };

    private ProxyUrls() {}

    /** The item without surrounding blanks and trailing commas (a URL never ends in one). */
    private static String trimmed(String item) {
      String url = item.strip();
      while (url.endsWith(",")) {
        url = url.substring(0, url.length() - 1).strip();
      }
      return url;
    }
  }

  /**
   * A file of proxy URLs, read once when the setting is given: one URL a line, blank lines and
   * lines starting with # skipped. It shows as its path: the URLs hold credentials.
   *
   * @param path where the file is
   * @param urls the URLs it held
   */
  public record ProxyFile(Path path, List<String> urls) {

    static final ValueType<ProxyFile> TYPE =
        new ValueType<>() {
          @Override
          public ProxyFile parse(String text) {
            return read(ValueType.PATH.parse(text));
          }

          @Override
          public String format(ProxyFile value) {
            return value.path().toString();
          }

          @Override
          public String label() {
            return "PATH";
          }
        };

    public ProxyFile {
      urls = List.copyOf(urls);
    }

    /**
     * Reads the proxy URLs in {@code path}.
     *
     * @throws IllegalArgumentException naming the file when it cannot be read
     */
    public static ProxyFile read(Path path) {
      List<String> urls = new ArrayList<>();
      try {
        for (String line : Files.readAllLines(path)) {
          String url = line.strip();
          if (!url.isEmpty() && !url.startsWith("#")) {
            urls.add(url);
          }
        }
      } catch (IOException e) {
        throw new IllegalArgumentException("cannot read " + path + ": " + e, e);
      }
      return new ProxyFile(path, urls);
    }

    @Override
    public String toString() {
      return path.toString();
    }
  }
}
