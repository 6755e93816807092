package dev.trawl.fetch.internal.proxy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.eclipse.jetty.client.Authentication;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpScheme;

/**
 * Preemptive Basic credentials of one HTTP proxy, applied only to what that proxy reads: plain http
 * requests sent to it in absolute form and the CONNECT requests that open tunnels through it, never
 * an https request that travels inside a tunnel to the origin. Jetty offers a proxy's result to the
 * requests of every destination behind that proxy ({@code HttpConnection.normalizeRequest}); this
 * class states the rule itself instead of relying on how Jetty builds tunnels.
 */
final class ProxyCredentials implements Authentication.Result {

  private final URI proxyUri;
  private final String value;

  ProxyCredentials(URI proxyUri, String user, String password) {
    this.proxyUri = proxyUri;
    this.value =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public URI getURI() {
    return proxyUri;
  }

  @Override
  public void apply(Request request) {
    boolean readByTheProxy =
        HttpMethod.CONNECT.is(request.getMethod()) || !HttpScheme.isSecure(request.getScheme());
    if (readByTheProxy) {
      request.headers(headers -> headers.put(HttpHeader.PROXY_AUTHORIZATION, value));
    }
  }

  @Override
  public String toString() {
    return "ProxyCredentials[" + proxyUri + "]";
  }
}
