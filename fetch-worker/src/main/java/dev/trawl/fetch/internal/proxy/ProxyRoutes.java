package dev.trawl.fetch.internal.proxy;

import dev.trawl.runtime.net.AddressFilter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.ProxyConfiguration;
import org.eclipse.jetty.client.Socks5;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The proxy pool of a fetcher: one Jetty {@link HttpClient} per proxy, each configured with only
 * that proxy and only its credentials (Jetty's proxy configuration and authentication store are per
 * client, so one client per proxy is what keeps one proxy's credentials away from every other proxy
 * and origin). Picks a route per request; the fetcher reports how each request through it ended.
 *
 * <p>Thread-safety: immutable after construction except the pool, which is thread-safe.
 */
public final class ProxyRoutes implements AutoCloseable {

  /** A proxy and the client bound to it. */
  public record Route(ProxyEndpoint proxy, HttpClient client) {}

  /** Status of a proxy refusing our credentials. */
  private static final int PROXY_AUTHENTICATION_REQUIRED = 407;

  private final Map<ProxyEndpoint, HttpClient> clients = new LinkedHashMap<>();
  private final ProxyPool<ProxyEndpoint> pool;
  private final ProxyMetrics metrics;

  /**
   * Creates one client per proxy with {@code newClient} (not started), binds it to its proxy and
   * starts it.
   *
   * @param resolver resolves proxy host names (proxies are trusted: no guard on their address)
   * @param check the guard applied to origin hosts before a request is handed to a proxy
   * @param registry where the per-proxy meters go (see {@link ProxyMetrics})
   */
  public ProxyRoutes(
      List<ProxyEndpoint> proxies,
      ProxyPool<ProxyEndpoint> pool,
      Function<ProxyEndpoint, HttpClient> newClient,
      SocketAddressResolver resolver,
      AddressFilter check,
      MeterRegistry registry) {
    this.pool = pool;
    this.metrics = new ProxyMetrics(registry, proxies, pool::benched);
    try {
      for (ProxyEndpoint proxy : proxies) {
        HttpClient client = newClient.apply(proxy);
        bind(client, proxy, resolver, check);
        clients.put(proxy, client);
        client.start();
      }
    } catch (Exception e) {
      close();
      throw new IllegalStateException("cannot start the HTTP client of a proxy: " + e, e);
    }
  }

  /** The route of a request to {@code host}. */
  public Route pick(String host) {
    ProxyEndpoint proxy = pool.pick(host);
    return new Route(proxy, clients.get(proxy));
  }

  /** A request is sent through {@code route}. */
  public void sent(Route route) {
    metrics.request(route.proxy());
  }

  /**
   * The proxy of {@code route} answered with {@code status}: a 407 (our credentials refused) counts
   * against it, any other status for it.
   */
  public void answered(Route route, int status) {
    if (status == PROXY_AUTHENTICATION_REQUIRED) {
      failed(route);
    } else {
      pool.succeeded(route.proxy());
    }
  }

  /**
   * A request through {@code route} failed on the proxy's account (it could not connect, timed out
   * or refused our credentials): counts against the proxy.
   */
  public void failed(Route route) {
    metrics.failure(route.proxy(), pool.failed(route.proxy()));
  }

  /** Stops every client. */
  @Override
  public void close() {
    for (HttpClient client : clients.values()) {
      try {
        client.stop();
      } catch (Exception e) {
        throw new IllegalStateException("cannot stop the HTTP client of a proxy: " + e, e);
      }
    }
  }

  private static void bind(
      HttpClient client, ProxyEndpoint proxy, SocketAddressResolver resolver, AddressFilter check) {
    Origin.Address address = new Origin.Address(proxy.host(), proxy.port());
    ProxyConfiguration.Proxy jettyProxy;
    if (proxy.socks()) {
      GuardedSocks5Proxy socks = new GuardedSocks5Proxy(address, check);
      if (proxy.hasCredentials()) {
        socks.putAuthenticationFactory(
            new Socks5.UsernamePasswordAuthenticationFactory(proxy.user(), proxy.password()));
      }
      jettyProxy = socks;
    } else {
      jettyProxy = new GuardedHttpProxy(address, proxy.scheme().equals("https"), check);
      if (proxy.hasCredentials()) {
        // Preemptive, in this proxy's own client only; never inside a tunnel (see the class).
        client
            .getAuthenticationStore()
            .addAuthenticationResult(
                new ProxyCredentials(jettyProxy.getURI(), proxy.user(), proxy.password()));
      }
    }
    client.getProxyConfiguration().addProxy(jettyProxy);
    client.setSocketAddressResolver(new ProxyOnlyResolver(resolver, proxy, check));
  }
}
