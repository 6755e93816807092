package dev.trawl.fetch.internal.http;

import java.util.List;

/**
 * A redirect that leaves the request's crawl scope: the target is not fetched, and the URL ends
 * REDIRECTED, with the chain up to the redirect and the target as its final URL.
 */
public final class OutOfScopeRedirectException extends Exception {

  private final List<String> chain;
  private final String target;
  private final int status;
  private final String proxyId;

  /**
   * @param chain the URLs that answered with a redirect, the last one included
   * @param target where the last redirect points
   * @param status the status of the last redirect
   * @param proxyId the proxy the last redirect came through, or null
   */
  public OutOfScopeRedirectException(
      List<String> chain, String target, int status, String proxyId) {
    super("redirect to " + target + " leaves the crawl scope", null, false, false);
    this.chain = List.copyOf(chain);
    this.target = target;
    this.status = status;
    this.proxyId = proxyId;
  }

  public List<String> chain() {
    return chain;
  }

  public String target() {
    return target;
  }

  public int status() {
    return status;
  }

  public String proxyId() {
    return proxyId;
  }
}
