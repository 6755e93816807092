package dev.trawl.fetch.internal.http;

import dev.trawl.runtime.crawl.CrawlScopes;
import dev.trawl.schemas.CrawlScope;

/**
 * Where the redirects of one request may lead: the request's crawl scope around its own host, by
 * the rule the process worker applies to discovered links ({@link CrawlScopes}).
 *
 * @param scope the request's crawl scope
 * @param host the request's host
 */
public record RedirectScope(CrawlScope scope, String host) {

  /** Redirects may lead anywhere. */
  public static final RedirectScope ANY = new RedirectScope(CrawlScope.ANY, "");

  /** True when a redirect to {@code targetHost} stays within the scope. */
  public boolean allows(String targetHost) {
    return CrawlScopes.inScope(scope, host, targetHost);
  }
}
