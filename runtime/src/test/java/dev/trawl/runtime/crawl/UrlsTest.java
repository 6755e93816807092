package dev.trawl.runtime.crawl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class UrlsTest {

  @Test
  void normalisesHttpUrlsAndRejectsEverythingElse() {
    List<String> urls =
        Arrays.asList(
            "HTTP://Example.COM:80/a/../b/./c?b=2&a=1#frag",
            "https://example.com",
            "http://127.0.0.1:8080/x#y",
            " http://example.com/a b",
            "mailto:a@example.com",
            "javascript:void(0)",
            "ftp://example.com/",
            "http:///no-host",
            "/relative",
            null);

    assertThat(urls.stream().map(Urls::normalise).toList())
        .containsExactly(
            "http://example.com/b/c?a=1&b=2",
            "https://example.com/",
            "http://127.0.0.1:8080/x",
            "http://example.com/a%20b",
            null,
            null,
            null,
            null,
            null,
            null);
  }

  @Test
  void normalisesBracketedIpv6HostsToTheirRfc5952FormByTheNormalisersRules() {
    List<String> urls =
        Arrays.asList(
            "http://[2001:db8::1]/",
            "HTTP://[2001:DB8:0:0:0:0:0:1]:80/a/../b/./c?b=2&a=1#frag",
            "https://user:pw@[2001:db8::1]:443",
            "https://[::1]:8443/x//y?",
            "http://[0:0:0:0:0:ffff:7f00:1]:8080/",
            "http://[fe80::1%25eth0]/",
            "http://[v1.fe]/",
            "http://[127.0.0.1]/",
            "http://[::1/",
            "http://[::1]x/",
            "ftp://[::1]/");

    assertThat(urls.stream().map(Urls::normalise).toList())
        .containsExactly(
            "http://[2001:db8::1]/",
            "http://[2001:db8::1]/b/c?a=1&b=2",
            "https://[2001:db8::1]/",
            "https://[::1]:8443/x/y",
            "http://[::ffff:127.0.0.1]:8080/",
            null,
            null,
            null,
            null,
            null,
            null);
    assertThat(Urls.host(Urls.normalise("http://[2001:DB8::1]:8080/"))).isEqualTo("[2001:db8::1]");
    assertThat(Urls.host(Urls.fetchable("http://[2001:db8::1]:8080/"))).isEqualTo("[2001:db8::1]");
  }

  @Test
  void fetchesUrlsOfAtMostEightKibibytes() {
    String longest = "http://example.com/" + "a".repeat(Urls.MAX_FETCHABLE_BYTES - 19);
    String tooLong = "http://example.com/" + "ü".repeat(4_087);

    assertThat(Urls.fetchable(longest).toString()).isEqualTo(longest);
    assertThatThrownBy(() -> Urls.fetchable(tooLong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("URL of 8193 bytes is longer than the 8192 fetched");
  }

  @Test
  void readsTheHostWithoutUserInfoOrPort() {
    assertThat(
            List.of(
                Urls.host("http://example.com/x"),
                Urls.host("https://user:pw@Sub.Example.com:8443?q"),
                Urls.host("http://127.0.0.2:8080#f"),
                Urls.host("http://[::1]:8080/")))
        .containsExactly("example.com", "sub.example.com", "127.0.0.2", "[::1]");
    assertThat(Urls.host("http:///x")).isNull();
    assertThat(Urls.host("no scheme")).isNull();
  }
}
