package dev.trawl.fetch;

import dev.trawl.fetch.internal.AllowedMediaTypes;
import java.util.List;

/**
 * Which response bodies a fetch worker keeps, and how many body bytes it holds in memory, validated
 * once on construction: an invalid value throws {@link IllegalArgumentException} naming the option
 * and the value.
 *
 * @param allowedContentTypes media types whose bodies are read ({@code --allowed-content-types}):
 *     exact ({@code text/html}), {@code type/*}, or {@code *}{@code /*} for all; a response of
 *     another type ends FETCHED without its body, with error CONTENT_TYPE; a response without a
 *     Content-Type is read
 * @param bodyBudgetBytes body bytes held in memory by all fetches together before new fetches wait
 *     ({@code --body-budget-bytes}); at least the content limit
 */
public record ContentSettings(List<String> allowedContentTypes, long bodyBudgetBytes) {

  /** Pages, feeds and text: what the process worker parses or can describe. */
  public static final List<String> DEFAULT_ALLOWED_CONTENT_TYPES =
      List.of(
          "text/html",
          "application/xhtml+xml",
          "text/plain",
          "application/xml",
          "text/xml",
          "application/rss+xml",
          "application/atom+xml");

  public static final long DEFAULT_BODY_BUDGET_BYTES = 256L * 1024 * 1024;

  public ContentSettings {
    allowedContentTypes = List.copyOf(allowedContentTypes);
    AllowedMediaTypes.of(allowedContentTypes);
    if (bodyBudgetBytes < 1) {
      throw new IllegalArgumentException(
          "--body-budget-bytes must be at least 1, was " + bodyBudgetBytes);
    }
  }

  /** The documented defaults. */
  public static ContentSettings defaults() {
    return new ContentSettings(DEFAULT_ALLOWED_CONTENT_TYPES, DEFAULT_BODY_BUDGET_BYTES);
  }

  /** Allows every content type. */
  public ContentSettings withAnyContentType() {
    return new ContentSettings(List.of("*/*"), bodyBudgetBytes);
  }

  public ContentSettings withAllowedContentTypes(List<String> value) {
    return new ContentSettings(value, bodyBudgetBytes);
  }

  public ContentSettings withBodyBudgetBytes(long value) {
    return new ContentSettings(allowedContentTypes, value);
  }

  /** The parsed allowed types. */
  public AllowedMediaTypes contentTypes() {
    return AllowedMediaTypes.of(allowedContentTypes);
  }
}
