package dev.trawl.fetch.internal.proxy;

import dev.trawl.runtime.net.AddressFilter;
import dev.trawl.runtime.net.BlockedAddressException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * The resolver of a client bound to one proxy: resolves the proxy's own address (configured by the
 * operator, so trusted whatever range it is in) and refuses every other host. A request reaches it
 * for another host only when the guard refused to send it through the proxy, so the client never
 * connects anywhere directly.
 */
final class ProxyOnlyResolver implements SocketAddressResolver {

  private final SocketAddressResolver delegate;
  private final ProxyEndpoint proxy;
  private final AddressFilter check;

  ProxyOnlyResolver(SocketAddressResolver delegate, ProxyEndpoint proxy, AddressFilter check) {
    this.delegate = delegate;
    this.proxy = proxy;
    this.check = check;
  }

  @Override
  public void resolve(
      String host,
      int port,
      Map<String, Object> context,
      Promise<List<InetSocketAddress>> promise) {
    if (host.equalsIgnoreCase(proxy.host()) && port == proxy.port()) {
      delegate.resolve(host, port, context, promise);
      return;
    }
    String why = OriginRule.refusal(check, host, port);
    promise.failed(
        new BlockedAddressException(
            (why == null ? "host '" + host + "' was not routed through the proxy" : why)
                + "; not sent through proxy "
                + proxy.id()));
  }
}
