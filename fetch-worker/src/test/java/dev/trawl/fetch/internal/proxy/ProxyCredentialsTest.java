package dev.trawl.fetch.internal.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** Requests are only built here, never sent. */
class ProxyCredentialsTest {

  private final HttpClient client = new HttpClient();
  private final ProxyCredentials credentials =
      new ProxyCredentials(URI.create("http://127.0.0.1:3128"), "alice", "s3cret");

  private String applied(Request request) {
    credentials.apply(request);
    return request.getHeaders().get(HttpHeader.PROXY_AUTHORIZATION);
  }

  @Test
  void goesOnPlainHttpRequestsAndConnectRequestsOnly() {
    String basic = "Basic YWxpY2U6czNjcmV0";

    assertThat(applied(client.newRequest("http://origin.example/page"))).isEqualTo(basic);
    assertThat(
            applied(
                client
                    .newRequest("http://127.0.0.1:3128")
                    .method(HttpMethod.CONNECT)
                    .path("origin.example:443")))
        .isEqualTo(basic);
    assertThat(applied(client.newRequest("https://127.0.0.1:3128").method(HttpMethod.CONNECT)))
        .isEqualTo(basic);
    assertThat(applied(client.newRequest("https://origin.example/inside-the-tunnel"))).isNull();
    assertThat(credentials.getURI()).isEqualTo(URI.create("http://127.0.0.1:3128"));
    assertThat(credentials).hasToString("ProxyCredentials[http://127.0.0.1:3128]");
  }
}
