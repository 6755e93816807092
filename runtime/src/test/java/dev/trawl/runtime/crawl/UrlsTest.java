package dev.trawl.runtime.crawl;

import static org.assertj.core.api.Assertions.assertThat;

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
