package dev.trawl.producer;

import dev.trawl.runtime.crawl.Urls;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Decides whether an input line is a URL Trawl can fetch, and normalises it. A line is trimmed
 * first; blank lines and lines starting with {@code #} are skipped. A URL is accepted when it has
 * no whitespace or control character, is at most {@code maxLength} characters (before and after
 * normalisation), has the scheme http or https, can be normalised ({@link Urls#normalForm}), and
 * then parses as an absolute URI with a host. An IPv6 host in brackets is accepted in its RFC 5952
 * form ({@code http://[2001:db8::1]/}); the fetch worker's address guard decides whether it may be
 * fetched. Stateless and thread-safe.
 */
public final class UrlValidator {

  /** The default maximum URL length: {@link Urls#MAX_CRAWLED_BYTES}. */
  public static final int DEFAULT_MAX_LENGTH = Urls.MAX_CRAWLED_BYTES;

  private final int maxLength;

  /** A validator accepting URLs up to {@code maxLength} characters. */
  public UrlValidator(int maxLength) {
    if (maxLength < 1) {
      throw new IllegalArgumentException("maxLength must be at least 1, not " + maxLength);
    }
    this.maxLength = maxLength;
  }

  /** A validator accepting URLs up to {@link #DEFAULT_MAX_LENGTH} characters. */
  public UrlValidator() {
    this(DEFAULT_MAX_LENGTH);
  }

  public int maxLength() {
    return maxLength;
  }

  /** Checks one input line; indexes in messages count from the start of {@code line}. */
  public UrlCheck check(String line) {
    String text = line.strip();
    if (text.isEmpty() || text.startsWith("#")) {
      return new UrlCheck.Skipped();
    }
    int lead = line.indexOf(text.charAt(0));
    if (text.length() > maxLength) {
      return tooLong(text);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (isIllegal(c)) {
        return reject(
            RejectReason.ILLEGAL_CHARACTER,
            String.format(
                Locale.ROOT,
                "whitespace or control character at index %d (U+%04X)",
                lead + i,
                (int) c));
      }
    }
    int colon = schemeEnd(text);
    if (colon < 0) {
      return reject(RejectReason.NO_SCHEME, "no scheme (only absolute http and https URLs)");
    }
    boolean http = colon == 4 && text.regionMatches(true, 0, "http", 0, 4);
    boolean https = colon == 5 && text.regionMatches(true, 0, "https", 0, 5);
    if (!http && !https) {
      return reject(
          RejectReason.UNSUPPORTED_SCHEME,
          "unsupported scheme \"" + text.substring(0, colon) + "\" (only http and https)");
    }
    String normalized = Urls.normalForm(text);
    if (normalized == null) {
      return reject(RejectReason.NOT_A_URL, "not a URL: " + whyNotNormalizable(text, lead));
    }
    return checkNormalized(normalized);
  }

  /** Whitespace or a control character (ASCII answered without the Unicode tables). */
  private static boolean isIllegal(char c) {
    if (c < 0x80) {
      return c <= 0x20 || c == 0x7F;
    }
    return Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c);
  }

  /**
   * The index of the colon ending the RFC 3986 scheme {@code text} starts with (a letter, then
   * letters, digits, {@code +}, {@code .} or {@code -}), or -1 when it starts with none.
   */
  private static int schemeEnd(String text) {
    if (!isAsciiLetter(text.charAt(0))) {
      return -1;
    }
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == ':') {
        return i;
      }
      if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '.' && c != '-') {
        return -1;
      }
    }
    return -1;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /**
   * Accepts a normalised URL with a host: a plain host (lower-case letters, digits, dots, hyphens)
   * as it is, any other when the URL also parses as a {@link URI} and a URL with a host.
   */
  private UrlCheck checkNormalized(String url) {
    String host = Urls.host(url);
    if (host == null) {
      return reject(RejectReason.NO_HOST, "no host");
    }
    if (!isPlainHost(host)) {
      try {
        if (new URI(url).toURL().getHost().isEmpty()) {
          return reject(RejectReason.NO_HOST, "no host");
        }
      } catch (URISyntaxException | MalformedURLException | IllegalArgumentException e) {
        return reject(RejectReason.NOT_A_URL, "not a URL: " + e.getMessage());
      }
    }
    return url.length() > maxLength ? tooLong(url) : new UrlCheck.Accepted(url, host);
  }

  private static boolean isPlainHost(String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private UrlCheck tooLong(String text) {
    return reject(
        RejectReason.TOO_LONG, "longer than " + maxLength + " characters (" + text.length() + ")");
  }

  /** The best explanation we can give for a URL the normaliser refused. */
  private static String whyNotNormalizable(String text, int lead) {
    try {
      URI uri = new URI(text);
      if (uri.getRawAuthority() != null && uri.getRawAuthority().contains("[")) {
        return "the host in brackets is not an IPv6 address without zone";
      }
      uri.toURL();
    } catch (URISyntaxException e) {
      return e.getReason() + " at index " + (lead + e.getIndex());
    } catch (MalformedURLException | IllegalArgumentException e) {
      return e.getMessage();
    }
    return "cannot be normalised";
  }

  private static UrlCheck reject(RejectReason reason, String message) {
    return new UrlCheck.Rejected(reason, message);
  }
}
