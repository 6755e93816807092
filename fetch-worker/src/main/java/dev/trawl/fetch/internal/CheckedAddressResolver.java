package dev.trawl.fetch.internal;

import dev.trawl.fetch.AddressCheck;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;

/**
 * Resolves with a delegate and keeps only the addresses an {@link AddressCheck} allows; fails with
 * {@link BlockedAddressException} when none is left.
 */
final class CheckedAddressResolver implements SocketAddressResolver {

  private final SocketAddressResolver delegate;
  private final AddressCheck check;

  CheckedAddressResolver(SocketAddressResolver delegate, AddressCheck check) {
    this.delegate = delegate;
    this.check = check;
  }

  @Override
  public void resolve(
      String host,
      int port,
      Map<String, Object> context,
      Promise<List<InetSocketAddress>> promise) {
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
                      "every address of " + host + " is blocked: " + addresses));
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
}
