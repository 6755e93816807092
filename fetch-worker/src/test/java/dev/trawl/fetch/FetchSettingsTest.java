package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.runtime.PageLimits;
import dev.trawl.runtime.config.Setting;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FetchSettingsTest {

  private static final FetchSettings DEFAULTS = FetchSettings.defaults();

  @Test
  void theBufferFollowsTheInFlightLimitUnlessSet() {
    FetchSettings settings = DEFAULTS.with(FetchSettings.MAX_IN_FLIGHT, 10);

    assertThat(settings.maxBuffered()).isEqualTo(40);
    assertThat(settings.with(FetchSettings.MAX_BUFFERED, 7).maxBuffered()).isEqualTo(7);
    assertThat(settings.with(FetchSettings.MAX_BUFFERED, 7).with(FetchSettings.MAX_BUFFERED, null))
        .isEqualTo(settings);
  }

  @Test
  void changesASettingOfAnyGroup() {
    FetchSettings settings =
        DEFAULTS
            .with(FetchPolicy.MAX_ATTEMPTS, 1)
            .with(EgressSettings.ALLOW_PRIVATE_NETWORK, true)
            .with(ContentSettings.ALLOWED_CONTENT_TYPES, List.of("*/*"));

    assertThat(settings.policy())
        .isEqualTo(FetchPolicy.defaults().with(FetchPolicy.MAX_ATTEMPTS, 1));
    assertThat(settings.egress())
        .isEqualTo(EgressSettings.defaults().with(EgressSettings.ALLOW_PRIVATE_NETWORK, true));
    assertThat(settings.content())
        .isEqualTo(
            ContentSettings.defaults().with(ContentSettings.ALLOWED_CONTENT_TYPES, List.of("*/*")));
  }

  @Test
  void holdsEveryOptionOfItsGroupsOnce() {
    assertThat(FetchSettings.SETTINGS)
        .containsAll(FetchPolicy.SETTINGS)
        .containsAll(EgressSettings.SETTINGS)
        .containsAll(ContentSettings.SETTINGS)
        .contains(PageLimits.CONTENT_LIMIT_BYTES)
        .doesNotHaveDuplicates();
    assertThat(FetchSettings.SETTINGS.stream().map(Setting::option)).doesNotHaveDuplicates();
  }

  @Test
  void namesTheOptionAndTheBadValue() {
    assertThatThrownBy(() -> DEFAULTS.with(FetchSettings.MAX_IN_FLIGHT, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--max-in-flight must be at least 1, was 0");
    assertThatThrownBy(() -> DEFAULTS.with(FetchSettings.HOST_MAX_IN_FLIGHT, -2))
        .hasMessage("--host-max-in-flight must be at least 1, was -2");
    assertThatThrownBy(() -> DEFAULTS.with(FetchSettings.MAX_BUFFERED, 0))
        .hasMessage("--max-buffered must be at least 1, was 0");
    assertThatThrownBy(() -> DEFAULTS.with(FetchSettings.CONNECT_TIMEOUT, Duration.ZERO))
        .hasMessage("--connect-timeout-ms must be at least 1, was 0");
    assertThatThrownBy(() -> DEFAULTS.with(FetchSettings.TIMEOUT, Duration.ofMillis(-5)))
        .hasMessage("--timeout-ms must be at least 1, was -5");
    assertThatThrownBy(() -> DEFAULTS.with(PageLimits.CONTENT_LIMIT_BYTES, 0))
        .hasMessage("--content-limit-bytes must be at least 1, was 0");
    assertThatThrownBy(() -> DEFAULTS.with(PageLimits.CONTENT_LIMIT_BYTES, 300 * 1024 * 1024))
        .hasMessage("--content-limit-bytes must be at most 268435456, was 314572800");
    assertThatThrownBy(() -> DEFAULTS.with(FetchSettings.USER_AGENT, " "))
        .hasMessage("--user-agent must not be empty, was ' '");
    assertThatThrownBy(() -> DEFAULTS.with(FetchSettings.MAX_REDIRECTS, -1))
        .hasMessage("--max-redirects must be at least 0, was -1");
    assertThatThrownBy(() -> DEFAULTS.with(FetchSettings.GROUP_ID, ""))
        .hasMessage("--group-id must not be empty, was ''");
    assertThatThrownBy(() -> DEFAULTS.with(FetchSettings.SHUTDOWN_GRACE, Duration.ofMillis(-1)))
        .hasMessage("--shutdown-grace-ms must be at least 0, was -1");
    assertThatThrownBy(() -> DEFAULTS.with(ContentSettings.BODY_BUDGET_BYTES, 0L))
        .hasMessage("--body-budget-bytes must be at least 1, was 0");
    assertThatThrownBy(
            () ->
                DEFAULTS.with(ContentSettings.ALLOWED_CONTENT_TYPES, List.of("text/html", "html")))
        .hasMessage("--allowed-content-types: 'html' is not a media type like text/html or text/*");
    assertThatThrownBy(() -> DEFAULTS.with(ContentSettings.ALLOWED_CONTENT_TYPES, List.of()))
        .hasMessageStartingWith("--allowed-content-types must not be empty");
  }

  @Test
  void rejectsABodyBudgetThatCannotHoldOneWholeResponse() {
    FetchSettings settings = DEFAULTS.with(PageLimits.CONTENT_LIMIT_BYTES, 1_000_000);

    assertThat(
            settings
                .with(ContentSettings.BODY_BUDGET_BYTES, 1_000_000L)
                .content()
                .bodyBudgetBytes())
        .isEqualTo(1_000_000L);
    assertThatThrownBy(() -> settings.with(ContentSettings.BODY_BUDGET_BYTES, 999_999L))
        .hasMessage(
            "--body-budget-bytes must be at least --content-limit-bytes (1000000), was 999999");
    assertThatThrownBy(
            () ->
                settings
                    .with(ContentSettings.BODY_BUDGET_BYTES, 1_000_000L)
                    .with(PageLimits.CONTENT_LIMIT_BYTES, 1_000_001))
        .hasMessage(
            "--body-budget-bytes must be at least --content-limit-bytes (1000001), was 1000000");
  }

  @Test
  void rejectsARetryCapBelowTheFirstBackoff() {
    FetchSettings settings = DEFAULTS.with(FetchPolicy.RETRY_BASE_DELAY, Duration.ofMillis(500));

    assertThat(
            settings
                .with(FetchPolicy.RETRY_MAX_DELAY, Duration.ofMillis(500))
                .policy()
                .retryMaxDelay())
        .isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> settings.with(FetchPolicy.RETRY_MAX_DELAY, Duration.ofMillis(100)))
        .hasMessage("--retry-max-delay-ms must be at least --retry-base-delay-ms (500), was 100");
  }

  @Test
  void rejectsSettingsItDoesNotHold() {
    assertThatThrownBy(() -> FetchPolicy.defaults().with(FetchSettings.TIMEOUT, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a setting of this config: fetcher.timeout.ms");
  }
}
