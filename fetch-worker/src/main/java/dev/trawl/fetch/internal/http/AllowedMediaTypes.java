package dev.trawl.fetch.internal.http;

import dev.trawl.runtime.crawl.MediaTypes;
import java.util.List;
import java.util.Locale;

/**
 * The media types a fetcher keeps bodies of: exact types ({@code text/html}), a whole top-level
 * type ({@code text/*}) or anything ({@code *}{@code /*}). Parameters such as charset are ignored;
 * a response without a Content-Type is allowed (what it is, is for the parser to find out).
 *
 * <p>Thread-safety: immutable.
 */
public final class AllowedMediaTypes {

  /** Allows every type. */
  public static final AllowedMediaTypes ANY = new AllowedMediaTypes(List.of("*/*"));

  private final List<String> allowed;

  private AllowedMediaTypes(List<String> allowed) {
    this.allowed = allowed;
  }

  /**
   * Parses media types such as {@code text/html} or {@code text/*}.
   *
   * @throws IllegalArgumentException quoting the bad value
   */
  public static AllowedMediaTypes of(List<String> types) {
    if (types.isEmpty()) {
      throw new IllegalArgumentException("no media type given");
    }
    List<String> parsed =
        types.stream()
            .map(
                type -> {
                  String t = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
                  int slash = t.indexOf('/');
                  if (slash <= 0
                      || slash == t.length() - 1
                      || t.indexOf('/', slash + 1) >= 0
                      || t.contains(";")
                      || t.contains(" ")
                      || (t.startsWith("*/") && !t.equals("*/*"))) {
                    throw new IllegalArgumentException(
                        "'" + type + "' is not a media type like text/html or text/*");
                  }
                  return t;
                })
            .toList();
    return new AllowedMediaTypes(parsed);
  }

  /** True when a response with the Content-Type header {@code header} (or null) is kept. */
  public boolean allows(String header) {
    if (header == null || header.isBlank()) {
      return true;
    }
    String type = MediaTypes.mediaType(header);
    if (type.isEmpty()) {
      return true;
    }
    for (String allowedType : allowed) {
      if (allowedType.equals("*/*") || allowedType.equals(type)) {
        return true;
      }
      if (allowedType.endsWith("/*")
          && type.startsWith(allowedType.substring(0, allowedType.length() - 1))) {
        return true;
      }
    }
    return false;
  }
}
