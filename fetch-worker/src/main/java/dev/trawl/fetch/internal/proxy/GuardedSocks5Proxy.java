package dev.trawl.fetch.internal.proxy;

import dev.trawl.runtime.net.AddressFilter;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.Socks5Proxy;

/** A SOCKS5 proxy that carries only requests whose origin the address guard does not refuse. */
final class GuardedSocks5Proxy extends Socks5Proxy {

  private final AddressFilter check;

  GuardedSocks5Proxy(Origin.Address address, AddressFilter check) {
    super(address, false);
    this.check = check;
  }

  @Override
  public boolean matches(Origin origin) {
    Origin.Address address = origin.getAddress();
    return OriginRule.allows(check, address.getHost(), address.getPort()) && super.matches(origin);
  }
}
