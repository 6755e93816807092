package dev.trawl.runtime.crawl.internal;

/**
 * Normalises the common, plain kind of http(s) URL without {@code java.net.URI}, giving exactly
 * what crawler-commons' {@code BasicURLNormalizer} gives for it, and gives up (null) on anything
 * else, which then takes the normaliser's own path. Plain means: a lower-case {@code http://} or
 * {@code https://}; a lower-case ASCII host name of dot-separated labels of letters, digits and
 * inner hyphens whose last label starts with a letter (so no IDN, user info, trailing dot or upper
 * case), or an IPv4 address in canonical dotted-quad form; an optional port that is not the
 * scheme's default, without leading zeros; then nothing, or a path starting with {@code /} without
 * {@code //}, {@code /.} or {@code ./}; an optional non-empty query; no fragment; only characters
 * RFC 2396 allows unescaped there, and percent-escapes in upper case of characters that must stay
 * escaped. Such a URL is already in normal form except for a missing {@code /} path and the order
 * of its query parameters, which are sorted by name as the normaliser sorts them (stable, empty
 * names dropped, empty values without {@code =}). {@code PlainUrlsTest} proves the equality over a
 * large generated corpus. Stateless and thread-safe.
 */
public final class PlainUrls {

  /** Characters allowed unescaped in a path or query, beyond letters and digits. */
  private static final String MARKS = "-._~!$&'()*+,;=:@";

  private static final boolean[] ALLOWED = new boolean[128];

  /** Longer queries are left to the normaliser (the shortcut sorts by insertion). */
  private static final int MAX_PARAMETERS = 32;

  static {
    for (char c = '0'; c <= '9'; c++) {
      ALLOWED[c] = true;
    }
    for (char c = 'a'; c <= 'z'; c++) {
      ALLOWED[c] = true;
      ALLOWED[Character.toUpperCase(c)] = true;
    }
    for (char c : MARKS.toCharArray()) {
      ALLOWED[c] = true;
    }
  }

  private PlainUrls() {}

  /** The normal form of {@code url} when it is plain, else null. */
  public static String normalize(String url) {
    boolean https = url.startsWith("https://");
    if (!https && !url.startsWith("http://")) {
      return null;
    }
    int i = hostEnd(url, https ? 8 : 7);
    if (i < 0) {
      return null;
    }
    int n = url.length();
    if (i < n && url.charAt(i) == ':') {
      i = portEnd(url, i + 1, https ? 443 : 80);
      if (i < 0) {
        return null;
      }
    }
    if (i == n) {
      return url + "/";
    }
    if (url.charAt(i) != '/') {
      return null;
    }
    for (; i < n; i++) {
      char c = url.charAt(i);
      if (c == '?') {
        return i + 1 < n ? withSortedQuery(url, i + 1) : null;
      } else if (c == '/' || c == '.') {
        char next = i + 1 < n ? url.charAt(i + 1) : 0;
        if (next == '/' || (c == '/' && next == '.')) {
          return null;
        }
      } else if (c == '%') {
        if (!keptEscape(url, i)) {
          return null;
        }
        i += 2;
      } else if (c >= 128 || !ALLOWED[c]) {
        return null;
      }
    }
    return url;
  }

  /** The index after the host starting at {@code start}, or -1 when the host is not plain. */
  private static int hostEnd(String url, int start) {
    int n = url.length();
    int labelStart = start;
    int i = start;
    while (true) {
      while (i < n && (isLowerAlphaNumeric(url.charAt(i)) || url.charAt(i) == '-')) {
        i++;
      }
      if (i == labelStart || url.charAt(labelStart) == '-' || url.charAt(i - 1) == '-') {
        return -1;
      }
      if (i == n || url.charAt(i) != '.') {
        char first = url.charAt(labelStart);
        return first >= 'a' && first <= 'z' || isDottedQuad(url, start, i) ? i : -1;
      }
      labelStart = ++i;
    }
  }

  /**
   * True when {@code url[start, end)} is an IPv4 address in its canonical dotted-quad form: four
   * decimal numbers up to 255 without leading zeros (the form the normaliser leaves as it is).
   */
  private static boolean isDottedQuad(String url, int start, int end) {
    int parts = 0;
    int i = start;
    while (i < end) {
      int partStart = i;
      int value = 0;
      while (i < end && url.charAt(i) >= '0' && url.charAt(i) <= '9' && i - partStart < 3) {
        value = value * 10 + (url.charAt(i++) - '0');
      }
      boolean canonical = i > partStart && (url.charAt(partStart) != '0' || i - partStart == 1);
      if (!canonical || value > 255 || ++parts > 4) {
        return false;
      }
      if (i < end && url.charAt(i++) != '.') {
        return false;
      }
    }
    return parts == 4 && url.charAt(end - 1) != '.';
  }

  /** The index after a port of digits starting at {@code start}, or -1 unless plain. */
  private static int portEnd(String url, int start, int defaultPort) {
    int i = start;
    int port = 0;
    while (i < url.length() && i - start < 6 && url.charAt(i) >= '0' && url.charAt(i) <= '9') {
      port = port * 10 + (url.charAt(i) - '0');
      i++;
    }
    boolean plain = i > start && i - start <= 5 && url.charAt(start) != '0' && port <= 65535;
    return plain && port != defaultPort ? i : -1;
  }

  /**
   * True when the {@code %} at {@code i} starts an upper-case escape the normaliser keeps: not one
   * of an unreserved character (letter, digit, {@code -._~}), which it would decode.
   */
  private static boolean keptEscape(String url, int i) {
    if (i + 2 >= url.length()) {
      return false;
    }
    int high = upperHex(url.charAt(i + 1));
    int low = upperHex(url.charAt(i + 2));
    if (high < 0 || low < 0) {
      return false;
    }
    int c = high * 16 + low;
    boolean unreserved =
        c < 128
            && (c >= '0' && c <= '9'
                || c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z'
                || c == '-'
                || c == '.'
                || c == '_'
                || c == '~');
    return !unreserved;
  }

  private static int upperHex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  }

  private static boolean isLowerAlphaNumeric(char c) {
    return c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
  }

  /**
   * The URL with its query (from {@code start}, non-empty) sorted as the normaliser sorts it, or
   * null when the query holds a character that is not plain or {@value #MAX_PARAMETERS} or more
   * separators.
   */
  private static String withSortedQuery(String url, int start) {
    int separators = plainQuerySeparators(url, start);
    if (separators < 0 || separators >= MAX_PARAMETERS) {
      return null;
    }
    int n = url.length();
    // Each parameter as four indexes into url: name start and end, value start and end.
    int[] pairs = new int[4 * (separators + 1)];
    int count = 0;
    boolean sorted = true;
    boolean dropped = false;
    for (int i = start; i < n; i++) {
      int nameStart = i;
      while (i < n && url.charAt(i) != '=' && url.charAt(i) != '&') {
        i++;
      }
      int nameEnd = i;
      int valueStart = i;
      if (i < n && url.charAt(i) == '=') {
        valueStart = ++i;
        while (i < n && url.charAt(i) != '&') {
          i++;
        }
        dropped |= valueStart == i; // "a=" becomes "a"
      }
      if (nameStart == nameEnd) {
        dropped = true; // no name: the parameter is left out
        continue;
      }
      int p = 4 * count++;
      pairs[p] = nameStart;
      pairs[p + 1] = nameEnd;
      pairs[p + 2] = valueStart;
      pairs[p + 3] = i;
      sorted &= p == 0 || compareNames(url, pairs, p - 4, p) <= 0;
    }
    dropped |= url.charAt(n - 1) == '&'; // a trailing separator is left out
    if (sorted && !dropped) {
      return url;
    }
    if (!sorted) {
      insertionSort(url, pairs, count);
    }
    StringBuilder normal = new StringBuilder(n).append(url, 0, start - 1);
    for (int k = 0; k < count; k++) {
      int p = 4 * k;
      normal.append(k == 0 ? '?' : '&').append(url, pairs[p], pairs[p + 1]);
      if (pairs[p + 2] < pairs[p + 3]) {
        normal.append('=').append(url, pairs[p + 2], pairs[p + 3]);
      }
    }
    return normal.toString();
  }

  /** The number of {@code &} in the query from {@code start}, or -1 when it is not plain. */
  private static int plainQuerySeparators(String url, int start) {
    int separators = 0;
    for (int i = start; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c == '%') {
        if (!keptEscape(url, i)) {
          return -1;
        }
        i += 2;
      } else if (c >= 128 || !(ALLOWED[c] || c == '/' || c == '?')) {
        return -1;
      }
      separators += c == '&' ? 1 : 0;
    }
    return separators;
  }

  /** Sorts the parameters by name, keeping the order of equal names (as the normaliser does). */
  private static void insertionSort(String url, int[] pairs, int count) {
    int[] moving = new int[4];
    for (int k = 1; k < count; k++) {
      System.arraycopy(pairs, 4 * k, moving, 0, 4);
      int j = k - 1;
      while (j >= 0 && compareNames(url, pairs, 4 * j, moving) > 0) {
        System.arraycopy(pairs, 4 * j, pairs, 4 * (j + 1), 4);
        j--;
      }
      System.arraycopy(moving, 0, pairs, 4 * (j + 1), 4);
    }
  }

  private static int compareNames(String url, int[] pairs, int a, int b) {
    return compare(url, pairs[a], pairs[a + 1], pairs[b], pairs[b + 1]);
  }

  private static int compareNames(String url, int[] pairs, int a, int[] b) {
    return compare(url, pairs[a], pairs[a + 1], b[0], b[1]);
  }

  /** {@link String#compareTo} of two regions of {@code s}. */
  private static int compare(String s, int aStart, int aEnd, int bStart, int bEnd) {
    int length = Math.min(aEnd - aStart, bEnd - bStart);
    for (int k = 0; k < length; k++) {
      int d = s.charAt(aStart + k) - s.charAt(bStart + k);
      if (d != 0) {
        return d;
      }
    }
    return (aEnd - aStart) - (bEnd - bStart);
  }
}
