package dev.trawl.runtime.crawl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.StructuredData;
import dev.trawl.schemas.Topics;
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

  @Test
  void followsADocumentsOutlinksInScopeBelowTheMaxDepth() {
    Document page = page(List.of());

    assertThat(CrawlScopes.followedLinks(page, 1, CrawlScope.HOST))
        .containsExactly(new CrawlScopes.Link("example.com", "http://example.com/a"));
    assertThat(CrawlScopes.followedLinks(page, 0, CrawlScope.HOST)).isEmpty();
    assertThat(CrawlScopes.followedLinks(page, 1, CrawlScope.ANY))
        .containsExactly(
            new CrawlScopes.Link("example.com", "http://example.com/a"),
            new CrawlScopes.Link("other.org", "http://other.org/b"));
  }

  @Test
  void followsNoLinkOfAPageWhoseRobotsMetaSaysNofollowOrNone() {
    assertThat(CrawlScopes.followedLinks(page(List.of("noindex", "nofollow")), 1, CrawlScope.ANY))
        .isEmpty();
    assertThat(CrawlScopes.followedLinks(page(List.of("none")), 1, CrawlScope.ANY)).isEmpty();
    assertThat(CrawlScopes.followedLinks(page(List.of("noindex")), 1, CrawlScope.HOST)).hasSize(1);
  }

  private static Document page(List<String> robots) {
    Topics.all(); // trusts Trawl's Avro types before a builder copies an enum
    return Document.newBuilder()
        .setUrl("http://example.com/")
        .setFinalUrl("http://example.com/")
        .setHost("example.com")
        .setCrawlId("c")
        .setDepth(0)
        .setOutcome(FetchOutcome.FETCHED)
        .setStatus(200)
        .setOutlinks(List.of("http://example.com/a", "http://other.org/b"))
        .setNofollowOutlinks(List.of("http://example.com/sponsored"))
        .setContentHash("")
        .setFetchedAt(0)
        .setStructured(StructuredData.newBuilder().setRobots(robots).build())
        .build();
  }
}
