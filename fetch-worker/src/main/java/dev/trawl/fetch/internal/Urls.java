package dev.trawl.fetch.internal;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks that a requested URL can be fetched: absolute, http or https, with a host. */
public final class Urls {

  private Urls() {}

  /**
   * The URI of {@code url}.
   *
   * @throws InvalidUrlException naming the URL and what is wrong with it
   */
  public static URI parse(String url) throws InvalidUrlException {
    if (url == null || url.isBlank()) {
      throw new InvalidUrlException("empty URL");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new InvalidUrlException("cannot parse URL '" + url + "': " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!"http".equals(scheme) && !"https".equals(scheme)) {
      throw new InvalidUrlException("URL '" + url + "' is not http or https");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new InvalidUrlException("URL '" + url + "' has no host");
    }
    return uri;
  }

  /** The lower-case host of a URI returned by {@link #parse}: the key of its host queue. */
  public static String host(URI uri) {
    return uri.getHost().toLowerCase(Locale.ROOT);
  }
}
