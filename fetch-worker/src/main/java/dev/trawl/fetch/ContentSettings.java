package dev.trawl.fetch;

import dev.trawl.fetch.internal.http.AllowedMediaTypes;
import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import java.util.List;

/**
 * Which response bodies a fetch worker keeps, and how many body bytes it holds in memory: each
 * setting is defined here once, and the command line, the environment and the configuration
 * reference read these definitions.
 *
 * @param config values of {@link #SETTINGS}; others it holds are left out
 */
public record ContentSettings(Config config) {

  /** Pages, feeds and text: what the process worker parses or can describe. */
  public static final Setting<List<String>> ALLOWED_CONTENT_TYPES =
      Setting.of("fetcher.allowed.content.types", "--allowed-content-types", ValueType.LIST)
          .defaultValue(
              List.of(
                  "text/html",
                  "application/xhtml+xml",
                  "text/plain",
                  "application/xml",
                  "text/xml",
                  "application/rss+xml",
                  "application/atom+xml"))
          .notEmpty()
          .check(
              types -> {
                AllowedMediaTypes.of(types);
                return null;
              })
          .label("TYPES")
          .doc(
              "Media types whose bodies are read, comma-separated; type/* and */* allowed. Another"
                  + " type ends FETCHED without its body (error CONTENT_TYPE, body not downloaded);"
                  + " a response without Content-Type is read.");

  /**
   * A start gate, not a cap: a fetch starts only while a whole response still fits, so the bodies
   * already arriving when it fills may overrun it, each by at most the content limit.
   */
  public static final Setting<Long> BODY_BUDGET_BYTES =
      Setting.of("fetcher.body.budget.bytes", "--body-budget-bytes", ValueType.LONG)
          .defaultValue(256L * 1024 * 1024)
          .atLeast(1)
          .label("BYTES")
          .doc(
              "Response body bytes held in memory by all fetches together; when a whole response"
                  + " (the content limit) no longer fits, new fetches wait; at least"
                  + " --content-limit-bytes.");

  public static final List<Setting<?>> SETTINGS = List.of(ALLOWED_CONTENT_TYPES, BODY_BUDGET_BYTES);

  public ContentSettings {
    config = config.select(SETTINGS);
  }

  /** Every setting at its default: pages, feeds and text; 256 MiB of bodies. */
  public static ContentSettings defaults() {
    return new ContentSettings(Config.defaults(SETTINGS));
  }

  /** These settings with {@code setting} set to {@code value}, checked. */
  public <T> ContentSettings with(Setting<T> setting, T value) {
    return new ContentSettings(config.with(setting, value));
  }

  /**
   * Media types whose bodies are read: exact ({@code text/html}), {@code type/*}, or {@code
   * *}{@code /*} for all; a response of another type ends FETCHED without its body, with error
   * CONTENT_TYPE; a response without a Content-Type is read.
   */
  public List<String> allowedContentTypes() {
    return config.get(ALLOWED_CONTENT_TYPES);
  }

  /** Body bytes held in memory by all fetches together before new fetches wait. */
  public long bodyBudgetBytes() {
    return config.get(BODY_BUDGET_BYTES);
  }

  /** The parsed allowed types. */
  public AllowedMediaTypes contentTypes() {
    return AllowedMediaTypes.of(allowedContentTypes());
  }
}
