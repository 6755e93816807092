package dev.trawl.runtime.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.schemas.CrawlScope;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrawlScopesTest {

  @Test
  void findsTheRegisteredDomainFromThePublicSuffixList() {
    assertThat(
            List.of(
                    "www.example.co.uk",
                    "a.b.example.com",
                    "example.com",
                    "alice.github.io",
                    "127.0.0.1",
                    "localhost",
                    "a.b.internal-test")
                .stream()
                .map(CrawlScopes::registeredDomain)
                .toList())
        .containsExactly(
            "example.co.uk",
            "example.com",
            "example.com",
            "alice.github.io",
            "127.0.0.1",
            "localhost",
            "b.internal-test");
  }

  @Test
  void keepsLinksToTheSameHostInHostScope() {
    assertThat(CrawlScopes.inScope(CrawlScope.HOST, "example.com", "example.com")).isTrue();
    assertThat(CrawlScopes.inScope(CrawlScope.HOST, "example.com", "www.example.com")).isFalse();
  }

  @Test
  void keepsLinksToTheSameRegisteredDomainInDomainScope() {
    assertThat(CrawlScopes.inScope(CrawlScope.DOMAIN, "www.example.com", "blog.example.com"))
        .isTrue();
    assertThat(CrawlScopes.inScope(CrawlScope.DOMAIN, "alice.github.io", "bob.github.io"))
        .isFalse();
    assertThat(CrawlScopes.inScope(CrawlScope.DOMAIN, "127.0.0.1", "127.0.0.2")).isFalse();
  }

  @Test
  void keepsEveryLinkInAnyScope() {
    assertThat(CrawlScopes.inScope(CrawlScope.ANY, "example.com", "other.org")).isTrue();
  }
}
