package dev.trawl.process.internal.parse;

import dev.trawl.runtime.crawl.Urls;
import java.net.MalformedURLException;
import java.net.URL;
import java.util.regex.Pattern;
import org.jsoup.nodes.Element;

/**
 * Resolves the links of one page against its base URI, giving what jsoup's {@code Node.absUrl(key)}
 * gives, with the base parsed once per page rather than once per link and control characters
 * stripped without a regular expression. Immutable, but made per page.
 */
public final class LinkResolver {

  /** Leading "/../" and "/./" segments that java.net.URL keeps and browsers drop. */
  private static final Pattern EXTRA_DOT_SEGMENTS = Pattern.compile("^/(?>(?>\\.\\.?/)+)");

  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+-.]*:");

  /** The parsed base, or null when the base URI is not a URL (then jsoup resolves each link). */
  private final URL base;

  private LinkResolver(URL base) {
    this.base = base;
  }

  /** A resolver for the links of a page whose base URI is {@code baseUri}. */
  public static LinkResolver forBase(String baseUri) {
    try {
      return new LinkResolver(new URL(stripControlChars(baseUri)));
    } catch (MalformedURLException e) {
      return new LinkResolver(null);
    }
  }

  /**
   * The absolute URL of {@code element}'s {@code attribute}: "" when it has none or it cannot be
   * made absolute (also an http or https URL without a host), the value itself when Java has no
   * handler for its scheme (as {@code absUrl}).
   */
  public String absolute(Element element, String attribute) {
    if (base == null || !element.hasAttr(attribute)) {
      return element.absUrl(attribute);
    }
    String relative = stripControlChars(element.attributes().getIgnoreCase(attribute));
    try {
      if (relative.startsWith("?")) {
        // java.net.URL resolves "?q" against the directory, browsers against the file.
        relative = base.getPath() + relative;
      }
      URL url = new URL(base, relative);
      String file = url.getFile();
      if (file.startsWith("/.")) {
        file = EXTRA_DOT_SEGMENTS.matcher(file).replaceFirst("/");
      }
      if (url.getRef() != null) {
        file = file + "#" + url.getRef();
      }
      URL resolved = new URL(url.getProtocol(), url.getHost(), url.getPort(), file);
      if (Urls.isHttpScheme(resolved.getProtocol()) && resolved.getHost().isEmpty()) {
        return "";
      }
      return resolved.toExternalForm();
    } catch (MalformedURLException e) {
      // Java may lack a handler for the scheme (tel:, data:): kept as written, unless http(s).
      return SCHEME.matcher(relative).find() && !hasHttpScheme(relative) ? relative : "";
    }
  }

  private static boolean hasHttpScheme(String value) {
    int colon = value.indexOf(':');
    return colon > 0 && Urls.isHttpScheme(value.substring(0, colon));
  }

  /** {@code value} without characters below U+0020, the same instance when it has none. */
  static String stripControlChars(String value) {
    int i = 0;
    while (i < value.length() && value.charAt(i) >= 0x20) {
      i++;
    }
    if (i == value.length()) {
      return value;
    }
    StringBuilder kept = new StringBuilder(value.length()).append(value, 0, i);
    for (; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x20) {
        kept.append(c);
      }
    }
    return kept.toString();
  }
}
