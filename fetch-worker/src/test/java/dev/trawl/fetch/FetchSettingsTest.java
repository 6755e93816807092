package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchSettingsTest {

  private static final FetchSettings DEFAULTS = FetchSettings.defaults();

  @Test
  void hasTheDocumentedDefaults() {
    assertThat(DEFAULTS)
        .isEqualTo(
            new FetchSettings(
                "trawl-fetch",
                512,
                8,
                2048,
                Duration.ofSeconds(5),
                Duration.ofSeconds(30),
                2 * 1024 * 1024,
                "trawl/0.1 (+https://github.com/trawl)",
                5,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                "trawl.urls",
                "trawl.pages",
                "trawl.fetch-dlq",
                FetchPolicy.defaults(),
                EgressSettings.defaults(),
                new ContentSettings(
                    List.of(
                        "text/html",
                        "application/xhtml+xml",
                        "text/plain",
                        "application/xml",
                        "text/xml",
                        "application/rss+xml",
                        "application/atom+xml"),
                    256L * 1024 * 1024)));
  }

  @Test
  void namesTheOptionAndTheBadValue() {
    assertThatThrownBy(() -> DEFAULTS.withLimits(0, 8, 100))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--max-in-flight must be at least 1, was 0");
    assertThatThrownBy(() -> DEFAULTS.withLimits(10, -2, 100))
        .hasMessage("--host-max-in-flight must be at least 1, was -2");
    assertThatThrownBy(() -> DEFAULTS.withLimits(10, 2, 0))
        .hasMessage("--max-buffered must be at least 1, was 0");
    assertThatThrownBy(() -> DEFAULTS.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessage("--connect-timeout-ms must be at least 1, was 0");
    assertThatThrownBy(() -> DEFAULTS.withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(-5)))
        .hasMessage("--timeout-ms must be at least 1, was -5");
    assertThatThrownBy(() -> DEFAULTS.withContentLimitBytes(0))
        .hasMessage("--content-limit-bytes must be at least 1, was 0");
    assertThatThrownBy(() -> DEFAULTS.withContentLimitBytes(300 * 1024 * 1024))
        .hasMessage("--content-limit-bytes must be at most 268435456, was 314572800");
    assertThatThrownBy(() -> DEFAULTS.withUserAgent(" "))
        .hasMessage("--user-agent must not be empty, was ' '");
    assertThatThrownBy(() -> DEFAULTS.withMaxRedirects(-1))
        .hasMessage("--max-redirects must be at least 0, was -1");
    assertThatThrownBy(() -> DEFAULTS.withGroupId(""))
        .hasMessage("--group-id must not be empty, was ''");
    assertThatThrownBy(() -> DEFAULTS.withShutdownGrace(Duration.ofMillis(-1)))
        .hasMessage("--shutdown-grace-ms must not be negative, was -1");
    assertThatThrownBy(
            () -> DEFAULTS.withContent(ContentSettings.defaults().withBodyBudgetBytes(1_000_000)))
        .hasMessage(
            "--body-budget-bytes must be at least --content-limit-bytes (2097152), was 1000000");
    assertThatThrownBy(() -> ContentSettings.defaults().withBodyBudgetBytes(0))
        .hasMessage("--body-budget-bytes must be at least 1, was 0");
    assertThatThrownBy(
            () -> ContentSettings.defaults().withAllowedContentTypes(List.of("text/html", "html")))
        .hasMessage("--allowed-content-types: 'html' is not a media type like text/html or text/*");
    assertThatThrownBy(() -> ContentSettings.defaults().withAllowedContentTypes(List.of()))
        .hasMessage("--allowed-content-types must not be empty");
  }
}
