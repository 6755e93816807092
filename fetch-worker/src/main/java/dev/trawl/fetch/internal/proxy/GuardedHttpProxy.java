package dev.trawl.fetch.internal.proxy;

import dev.trawl.runtime.net.AddressFilter;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.Origin;

/** An HTTP proxy that carries only requests whose origin the address guard does not refuse. */
final class GuardedHttpProxy extends HttpProxy {

  private final AddressFilter check;

  GuardedHttpProxy(Origin.Address address, boolean secure, AddressFilter check) {
    super(address, secure);
    this.check = check;
  }

  @Override
  public boolean matches(Origin origin) {
    Origin.Address address = origin.getAddress();
    return OriginRule.allows(check, address.getHost(), address.getPort()) && super.matches(origin);
  }
}
