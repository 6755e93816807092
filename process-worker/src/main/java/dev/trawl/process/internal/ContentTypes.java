package dev.trawl.process.internal;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.util.Locale;

/** Reads the media type and charset out of a Content-Type header value. */
public final class ContentTypes {

  private ContentTypes() {}

  /**
   * True for HTML and XHTML, and for a missing content type (jsoup copes with whatever it is, the
   * way a browser sniffs).
   */
  public static boolean isHtml(String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    String mediaType = mediaType(contentType);
    return mediaType.equals("text/html") || mediaType.equals("application/xhtml+xml");
  }

  /** The lower-case media type without parameters ({@code text/html}). */
  public static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  /** The charset parameter when it names a charset this JVM supports, else null. */
  public static String charset(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String parameter : contentType.split(";")) {
      int equals = parameter.indexOf('=');
      if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("charset")) {
        String name = parameter.substring(equals + 1).trim().replace("\"", "").replace("'", "");
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
