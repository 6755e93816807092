package dev.trawl.fetch.internal.http;

import java.util.List;
import java.util.Map;

/**
 * The response a fetch ended with, whatever its status.
 *
 * @param status HTTP status of the last response
 * @param finalUrl the URL that answered, after redirects
 * @param redirectChain the URLs that answered with a redirect, in order, starting with the
 *     requested URL; empty when there was none
 * @param headers selected response headers, lower-case names
 * @param contentType the Content-Type header, or null
 * @param body decoded content, at most the content limit (not copied: do not modify)
 * @param truncated true when the body was cut at the content limit
 * @param proxyId the proxy the page came through ({@code scheme://host:port}), or null
 * @param contentTypeRefused true when the Content-Type is not allowed: the body was not read
 */
public record HttpPage(
    int status,
    String finalUrl,
    List<String> redirectChain,
    Map<String, String> headers,
    String contentType,
    byte[] body,
    boolean truncated,
    String proxyId,
    boolean contentTypeRefused) {

  /** A page fetched without a proxy. */
  public HttpPage(
      int status,
      String finalUrl,
      List<String> redirectChain,
      Map<String, String> headers,
      String contentType,
      byte[] body,
      boolean truncated) {
    this(status, finalUrl, redirectChain, headers, contentType, body, truncated, null, false);
  }

  /**
   * True for 429 and every 5xx: the server may answer otherwise later, so these are retried, and a
   * robots.txt answered so is not taken as the site's rules.
   */
  public boolean retryableStatus() {
    return status == 429 || (status >= 500 && status <= 599);
  }

  /** The same page, reached through {@code chain}. */
  public HttpPage withRedirectChain(List<String> chain) {
    return new HttpPage(
        status,
        finalUrl,
        chain,
        headers,
        contentType,
        body,
        truncated,
        proxyId,
        contentTypeRefused);
  }

  /** The same page, recorded as fetched through the proxy {@code value}. */
  public HttpPage withProxyId(String value) {
    return new HttpPage(
        status,
        finalUrl,
        redirectChain,
        headers,
        contentType,
        body,
        truncated,
        value,
        contentTypeRefused);
  }
}
