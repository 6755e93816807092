package dev.trawl.fetch.internal.ssrf;

import dev.trawl.runtime.net.AddressFilter;
import dev.trawl.runtime.net.AddressGuard;
import dev.trawl.runtime.net.BlockedAddressException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Refuses hosts the {@link AddressFilter} refuses by name, resolves the others with a delegate and
 * keeps only the addresses the check allows; fails with {@link BlockedAddressException} when none
 * is left. Jetty calls it for every connection it opens, IP literals included, so the check runs
 * after DNS resolution on every hop of a redirect chain.
 */
public final class CheckedAddressResolver implements SocketAddressResolver {

  private final SocketAddressResolver delegate;
  private final AddressFilter check;

  public CheckedAddressResolver(SocketAddressResolver delegate, AddressFilter check) {
    this.delegate = delegate;
    this.check = check;
  }

  @Override
  public void resolve(
      String host,
      int port,
      Map<String, Object> context,
      Promise<List<InetSocketAddress>> promise) {
    if (!check.allowsHost(host)) {
      promise.failed(
          new BlockedAddressException(
              "host '"
                  + host
                  + "' is refused by the address guard: a numeric host must be a canonical"
                  + " dotted quad such as 127.0.0.1"));
      return;
    }
    delegate.resolve(
        host,
        port,
        context,
        new Promise<>() {
          @Override
          public void succeeded(List<InetSocketAddress> addresses) {
            List<InetSocketAddress> allowed = addresses.stream().filter(check::allows).toList();
            if (allowed.isEmpty()) {
              promise.failed(
                  new BlockedAddressException(
                      "every address of "
                          + host
                          + " is refused by the address guard: "
                          + describe(addresses)));
            } else {
              promise.succeeded(allowed);
            }
          }

          @Override
          public void failed(Throwable failure) {
            promise.failed(failure);
          }
        });
  }

  private static String describe(List<InetSocketAddress> addresses) {
    return addresses.stream()
        .map(
            a ->
                a.getAddress() == null
                    ? a.getHostString() + " (unresolved)"
                    : AddressGuard.describe(a.getAddress()))
        .collect(Collectors.joining(", "));
  }
}
