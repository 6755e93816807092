package dev.trawl.fetch.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProxyEndpointTest {

  @Test
  void parsesHttpAndSocks5UrlsWithDecodedCredentials() {
    assertThat(ProxyEndpoint.parse("http://alice:p%40ss@proxy.example:3128"))
        .isEqualTo(new ProxyEndpoint("http", "proxy.example", 3128, "alice", "p@ss"));
    assertThat(ProxyEndpoint.parse(" SOCKS5://bob:x@10.0.0.5:1080/ "))
        .isEqualTo(new ProxyEndpoint("socks5", "10.0.0.5", 1080, "bob", "x"));
    assertThat(ProxyEndpoint.parse("https://proxy.example:443"))
        .isEqualTo(new ProxyEndpoint("https", "proxy.example", 443, null, null));
  }

  @Test
  void showsNoCredentialsInItsIdOrText() {
    ProxyEndpoint proxy = ProxyEndpoint.parse("socks5://bob:secret@127.0.0.1:1080");

    assertThat(proxy.id()).isEqualTo("socks5://127.0.0.1:1080");
    assertThat(proxy).hasToString("socks5://127.0.0.1:1080");
  }

  @Test
  void rejectsBadUrlsWithoutRepeatingThePassword() {
    assertThatThrownBy(() -> ProxyEndpoint.parse("ftp://u:secret@h:21"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("proxy URL 'ftp://***@h:21' must start with http://, https:// or socks5://");
    assertThatThrownBy(() -> ProxyEndpoint.parse("http://u:secret@h"))
        .hasMessage("proxy URL 'http://***@h' must name a host and a port");
    assertThatThrownBy(() -> ProxyEndpoint.parse("http://u:secret@h:80/path"))
        .hasMessage("proxy URL 'http://***@h:80/path' must not have a path or a query");
    assertThatThrownBy(() -> ProxyEndpoint.parse("http://u:se cret@h:80"))
        .hasMessage("cannot parse proxy URL 'http://***@h:80'");
  }
}
