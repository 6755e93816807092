package dev.trawl.fetch.internal.proxy;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * One proxy of the pool, parsed from {@code http://user:pass@host:port}, {@code https://...} or
 * {@code socks5://user:pass@host:port}. Its {@link #id()} and {@link #toString()} never contain the
 * credentials.
 *
 * @param scheme http, https (TLS to the proxy) or socks5
 * @param host proxy host
 * @param port proxy port
 * @param user user name, or null without credentials
 * @param password password, or null without credentials
 */
public record ProxyEndpoint(String scheme, String host, int port, String user, String password) {

  /**
   * Parses a proxy URL; the exception message never repeats the password.
   *
   * @throws IllegalArgumentException saying what is wrong
   */
  public static ProxyEndpoint parse(String url) {
    String text = url == null ? "" : url.strip();
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("cannot parse proxy URL '" + redacted(text) + "'");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("socks5")) {
      throw new IllegalArgumentException(
          "proxy URL '" + redacted(text) + "' must start with http://, https:// or socks5://");
    }
    if (uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException(
          "proxy URL '" + redacted(text) + "' must name a host and a port");
    }
    String path = uri.getRawPath();
    if ((path != null && !path.isEmpty() && !path.equals("/")) || uri.getRawQuery() != null) {
      throw new IllegalArgumentException(
          "proxy URL '" + redacted(text) + "' must not have a path or a query");
    }
    String user = null;
    String password = null;
    if (uri.getUserInfo() != null) {
      String info = uri.getUserInfo();
      int colon = info.indexOf(':');
      user = colon < 0 ? info : info.substring(0, colon);
      password = colon < 0 ? "" : info.substring(colon + 1);
    }
    return new ProxyEndpoint(scheme, uri.getHost(), uri.getPort(), user, password);
  }

  /** {@code scheme://host:port}: what results and logs record. */
  public String id() {
    return scheme + "://" + host + ":" + port;
  }

  /** True when the proxy is reached over SOCKS5. */
  public boolean socks() {
    return scheme.equals("socks5");
  }

  /** True when a user name was given. */
  public boolean hasCredentials() {
    return user != null;
  }

  @Override
  public String toString() {
    return id();
  }

  /** {@code text} with everything before its last {@code @} (after a {@code //}) hidden. */
  static String redacted(String text) {
    int at = text.lastIndexOf('@');
    if (at < 0) {
      return text;
    }
    int start = text.indexOf("//");
    int from = start >= 0 && start < at ? start + 2 : 0;
    return text.substring(0, from) + "***@" + text.substring(at + 1);
  }
}
