package dev.trawl.fetch;

import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of {@link ContentSettings}, as a picocli mixin of the {@code fetch-worker} command:
 * allowed content types and the memory budget of response bodies.
 */
public final class ContentOptions {

  @Option(
      names = "--allowed-content-types",
      paramLabel = "TYPES",
      split = ",",
      defaultValue =
          "${env:TRAWL_FETCHER_ALLOWED_CONTENT_TYPES:-"
              + "text/html,application/xhtml+xml,text/plain,application/xml,text/xml,"
              + "application/rss+xml,application/atom+xml}",
      description =
          "Media types whose bodies are read, comma-separated; type/* and */* allowed. Another type"
              + " ends FETCHED without its body (error CONTENT_TYPE, body not downloaded); a"
              + " response without Content-Type is read (env TRAWL_FETCHER_ALLOWED_CONTENT_TYPES,"
              + " default ${DEFAULT-VALUE}).")
  List<String> allowedContentTypes;

  @Option(
      names = "--body-budget-bytes",
      paramLabel = "BYTES",
      defaultValue = "${env:TRAWL_FETCHER_BODY_BUDGET_BYTES:-268435456}",
      description =
          "Response body bytes held in memory by all fetches together; when a whole response (the"
              + " content limit) no longer fits, new fetches wait; at least --content-limit-bytes"
              + " (env TRAWL_FETCHER_BODY_BUDGET_BYTES, default ${DEFAULT-VALUE}).")
  long bodyBudgetBytes;

  /** The settings these options describe; throws IllegalArgumentException for a bad value. */
  public ContentSettings settings() {
    return new ContentSettings(allowedContentTypes, bodyBudgetBytes);
  }
}
