package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.fetch.EgressSettings.ProxyFile;
import dev.trawl.fetch.internal.proxy.ProxyEndpoint;
import dev.trawl.runtime.config.Config;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EgressSettingsTest {

  private static final EgressSettings DEFAULTS = EgressSettings.defaults();

  @Test
  void guardsAndConnectsDirectlyByDefault() throws Exception {
    AddressCheck check = DEFAULTS.addressCheck();

    assertThat(check.allows(new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 80)))
        .isFalse();
    assertThat(check.allows(new InetSocketAddress(InetAddress.getByName("8.8.8.8"), 80))).isTrue();
    assertThat(DEFAULTS.proxies()).isEmpty();
  }

  @Test
  void theGuardAllowsWhatTheSettingsAllow() throws Exception {
    AddressCheck check =
        DEFAULTS
            .with(EgressSettings.ALLOW_CIDR, List.of("169.254.169.254/32"))
            .with(EgressSettings.ALLOW_PRIVATE_NETWORK, true)
            .addressCheck();

    for (String allowed : List.of("10.0.0.1", "127.0.0.1", "169.254.169.254")) {
      assertThat(check.allows(new InetSocketAddress(InetAddress.getByName(allowed), 80)))
          .as(allowed)
          .isTrue();
    }
    assertThat(check.allows(new InetSocketAddress(InetAddress.getByName("169.254.1.1"), 80)))
        .isFalse();
  }

  @Test
  void addsTheProxyFileToTheProxiesGiven(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("proxies");
    Files.writeString(
        file, "# mounted secret\nsocks5://c:pc@127.0.0.1:1080\n\n  http://d:pd@h:1  \n");

    EgressSettings settings =
        DEFAULTS
            .with(EgressSettings.PROXY, List.of("http://a:pa@127.0.0.1:3128"))
            .with(EgressSettings.PROXY_FILE, ProxyFile.read(file));

    assertThat(settings.proxies())
        .containsExactly(
            "http://a:pa@127.0.0.1:3128", "socks5://c:pc@127.0.0.1:1080", "http://d:pd@h:1");
  }

  @Test
  void readsTheProxyFileOnceWhenGiven(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("proxies");
    Files.writeString(file, "http://a:pa@127.0.0.1:3128\n");
    EgressSettings settings =
        new EgressSettings(
            Config.resolve(
                EgressSettings.SETTINGS,
                Map.of(),
                Map.of("TRAWL_FETCHER_PROXY_FILE", file.toString())));

    Files.delete(file);

    assertThat(settings.proxies()).containsExactly("http://a:pa@127.0.0.1:3128");
  }

  @Test
  void rejectsBadValuesNamingTheOption(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> DEFAULTS.with(EgressSettings.ALLOW_CIDR, List.of("10.0.0.0/40")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--allow-cidr: not a CIDR block: '10.0.0.0/40'");
    assertThatThrownBy(() -> DEFAULTS.with(EgressSettings.PROXY_ROTATION, "fastest"))
        .hasMessage("--proxy-rotation must be round-robin, random or sticky-host, was 'fastest'");
    assertThatThrownBy(() -> DEFAULTS.with(EgressSettings.PROXY_FAILURE_THRESHOLD, 0))
        .hasMessage("--proxy-failure-threshold must be at least 1, was 0");
    assertThatThrownBy(
            () -> DEFAULTS.with(EgressSettings.PROXY_COOLDOWN, java.time.Duration.ofMillis(-1)))
        .hasMessage("--proxy-cooldown-ms must be at least 0, was -1");
    Path missing = dir.resolve("missing");
    assertThatThrownBy(
            () ->
                Config.resolve(
                    EgressSettings.SETTINGS,
                    Map.of("fetcher.proxy.file", List.of(missing.toString())),
                    Map.of()))
        .hasMessageStartingWith("--proxy-file: cannot read " + missing + ": ");
    Path bad = dir.resolve("bad");
    Files.writeString(bad, "ftp://u:secret@127.0.0.1:21\n");
    assertThatThrownBy(() -> DEFAULTS.with(EgressSettings.PROXY_FILE, ProxyFile.read(bad)))
        .hasMessage(
            "--proxy-file: proxy URL 'ftp://***@127.0.0.1:21' must start with http://, https://"
                + " or socks5://");
  }

  @Test
  void splitsProxyUrlsOnlyBeforeANewSchemeSoPasswordsMayHoldCommas() {
    String many = "http://a:p,a@127.0.0.1:3128, SOCKS5://b:x,y,@127.0.0.1:1080,https://c:,@h:443,";
    EgressSettings fromEnv =
        new EgressSettings(
            Config.resolve(
                EgressSettings.SETTINGS, Map.of(), Map.of("TRAWL_FETCHER_PROXIES", many)));
    EgressSettings fromOptions =
        new EgressSettings(
            Config.resolve(
                EgressSettings.SETTINGS,
                Map.of("fetcher.proxies", List.of(many, "http://d:p,d@127.0.0.1:3127")),
                Map.of()));

    assertThat(fromEnv.proxies())
        .containsExactly(
            "http://a:p,a@127.0.0.1:3128", "SOCKS5://b:x,y,@127.0.0.1:1080", "https://c:,@h:443");
    assertThat(fromOptions.proxies())
        .containsExactly(
            "http://a:p,a@127.0.0.1:3128",
            "SOCKS5://b:x,y,@127.0.0.1:1080",
            "https://c:,@h:443",
            "http://d:p,d@127.0.0.1:3127");
    assertThat(FetchSettings.defaults().with(EgressSettings.PROXY, fromEnv.proxies()))
        .extracting(s -> s.fetcherOptions().proxies())
        .asList()
        .containsExactly(
            new ProxyEndpoint("http", "127.0.0.1", 3128, "a", "p,a"),
            new ProxyEndpoint("socks5", "127.0.0.1", 1080, "b", "x,y,"),
            new ProxyEndpoint("https", "h", 443, "c", ","));
  }

  @Test
  void neverShowsAProxyPasswordHoldingCommas() {
    Map<String, String> badUrls =
        Map.of(
            "http://u:se,cret@127.0.0.1",
            "--proxy: proxy URL 'http://***@127.0.0.1' must name a host and a port",
            "http://u:se,cret@127.0.0.1:1,socks5://v:to,ken@h",
            "--proxy: proxy URL 'socks5://***@h' must name a host and a port",
            "ftp://u:se,cret@127.0.0.1:21",
            "--proxy: proxy URL 'ftp://***@127.0.0.1:21' must start with http://, https:// or"
                + " socks5://");
    badUrls.forEach(
        (url, message) -> {
          assertThatThrownBy(
                  () ->
                      new EgressSettings(
                          Config.resolve(
                              EgressSettings.SETTINGS,
                              Map.of(),
                              Map.of("TRAWL_FETCHER_PROXIES", url))))
              .as(url)
              .hasMessage(message + " (from TRAWL_FETCHER_PROXIES)");
          assertThatThrownBy(() -> DEFAULTS.with(EgressSettings.PROXY, List.of(url)))
              .as(url)
              .hasMessageNotContaining("cret")
              .hasMessageNotContaining("ken");
        });
  }

  @Test
  void neverShowsAProxyPassword(@TempDir Path dir) throws Exception {
    for (String url :
        List.of(
            "ftp://u:secret@127.0.0.1:21",
            "http://u:secret@127.0.0.1",
            "http://u:secret@127.0.0.1:1/path",
            "u:secret@127.0.0.1:3128",
            "http://u:sec ret@127.0.0.1:3128")) {
      assertThatThrownBy(() -> DEFAULTS.with(EgressSettings.PROXY, List.of(url)))
          .as(url)
          .hasMessageStartingWith("--proxy: ")
          .hasMessageNotContaining("secret")
          .hasMessageNotContaining("sec ret");
    }
    Path file = dir.resolve("proxies");
    Files.writeString(file, "http://u:secret@127.0.0.1:3128\n");
    EgressSettings settings =
        DEFAULTS
            .with(EgressSettings.PROXY, List.of("http://u:secret@127.0.0.1:3129"))
            .with(EgressSettings.PROXY_FILE, ProxyFile.read(file));

    assertThat(settings.toString()).doesNotContain("secret").contains(file.toString());
    assertThat(FetchSettings.defaults().with(EgressSettings.PROXY, settings.proxies()).toString())
        .doesNotContain("secret");
  }
}
