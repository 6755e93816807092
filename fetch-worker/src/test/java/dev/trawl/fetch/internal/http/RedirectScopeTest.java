package dev.trawl.fetch.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.schemas.CrawlScope;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RedirectScopeTest {

  private static final List<String> TARGETS =
      List.of(
          "www.example.co.uk",
          "shop.example.co.uk",
          "example.co.uk",
          "other.co.uk",
          "www.example.com",
          "127.0.0.1",
          "127.0.0.2");

  private static Map<String, Boolean> allowed(RedirectScope scope) {
    return TARGETS.stream().collect(Collectors.toMap(Function.identity(), scope::allows));
  }

  @Test
  void hostScopeAllowsOnlyTheSameHost() {
    assertThat(allowed(new RedirectScope(CrawlScope.HOST, "www.example.co.uk")))
        .isEqualTo(
            Map.of(
                "www.example.co.uk", true,
                "shop.example.co.uk", false,
                "example.co.uk", false,
                "other.co.uk", false,
                "www.example.com", false,
                "127.0.0.1", false,
                "127.0.0.2", false));
  }

  @Test
  void domainScopeAllowsTheRegisteredDomainByThePublicSuffixList() {
    assertThat(allowed(new RedirectScope(CrawlScope.DOMAIN, "www.example.co.uk")))
        .isEqualTo(
            Map.of(
                "www.example.co.uk", true,
                "shop.example.co.uk", true,
                "example.co.uk", true,
                "other.co.uk", false,
                "www.example.com", false,
                "127.0.0.1", false,
                "127.0.0.2", false));
  }

  @Test
  void anIpAddressIsItsOwnDomain() {
    RedirectScope scope = new RedirectScope(CrawlScope.DOMAIN, "127.0.0.1");

    assertThat(scope.allows("127.0.0.1")).isTrue();
    assertThat(scope.allows("127.0.0.2")).isFalse();
  }

  @Test
  void anyScopeAllowsEverything() {
    assertThat(allowed(RedirectScope.ANY).values()).containsOnly(true);
  }
}
