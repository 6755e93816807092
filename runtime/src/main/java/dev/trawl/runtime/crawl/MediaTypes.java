package dev.trawl.runtime.crawl;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;

/**
 * Reads Content-Type header values as the web writes them, leniently: the media type and the
 * charset, whatever else the header holds (stray semicolons, unquoted or unbalanced quotes, unknown
 * parameters). Strict MIME parsers refuse such headers; a crawler has to read them.
 */
public final class MediaTypes {

  private MediaTypes() {}

  /** The lower-case media type without parameters ({@code text/html}); "" for a missing header. */
  public static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.strip().toLowerCase(Locale.ROOT);
  }

  /**
   * True for HTML and XHTML, and for a missing content type (jsoup copes with whatever it is, the
   * way a browser sniffs).
   */
  public static boolean isHtml(String contentType) {
    String mediaType = mediaType(contentType);
    return mediaType.isEmpty()
        || mediaType.equals("text/html")
        || mediaType.equals("application/xhtml+xml");
  }

  /** The charset parameter when it names a charset this JVM supports, else null. */
  public static String charset(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String parameter : contentType.split(";")) {
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
        String name = parameter.substring(equals + 1).strip().replace("\"", "").replace("'", "");
        return isSupported(name) ? name : null;
      }
    }
    return null;
  }

  private static boolean isSupported(String name) {
    try {
      return !name.isEmpty() && Charset.isSupported(name);
    } catch (IllegalCharsetNameException e) {
      return false;
    }
  }
}
