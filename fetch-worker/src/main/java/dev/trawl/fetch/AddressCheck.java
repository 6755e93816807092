package dev.trawl.fetch;

import dev.trawl.runtime.net.AddressFilter;
import dev.trawl.runtime.net.AddressGuard;
import dev.trawl.runtime.net.Cidr;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Decides whether the fetcher may connect to a resolved address: the seam of the SSRF guard. It
 * sees every connection, redirects included, after DNS resolution; {@link #allowsHost} sees the
 * host name first.
 */
@FunctionalInterface
public interface AddressCheck extends AddressFilter {

  /** Allows every address and host (no guard). */
  AddressCheck ALLOW_ALL = address -> true;

  /**
   * Allows only public unicast addresses: refuses loopback, unspecified and 0.0.0.0/8, private
   * (10/8, 172.16/12, 192.168/16), CGNAT 100.64/10, link-local (169.254/16 with cloud metadata,
   * fe80::/10), multicast, unique-local fc00::/7, reserved and documentation blocks, and IPv6 forms
   * that embed one of those IPv4 addresses (mapped, compatible, NAT64, 6to4); and refuses host
   * names that are odd IPv4 spellings ({@code 127.1}, {@code 2130706433}, {@code 0x7f.1}).
   */
  AddressCheck PUBLIC_ONLY = guard(false, List.of());

  /** True when a connection to {@code address} is allowed. Must not block. */
  @Override
  boolean allows(InetSocketAddress address);

  /**
   * True when {@code host} (as written in the URL, before resolution) may be resolved at all. The
   * default allows every host.
   */
  @Override
  default boolean allowsHost(String host) {
    return true;
  }

  /**
   * The SSRF guard of the fetch worker (see {@link #PUBLIC_ONLY}): with {@code allowPrivateNetwork}
   * every non-public address except link-local is allowed; an address inside one of {@code
   * allowCidrs} is allowed, link-local only when the block lies wholly inside 169.254/16 or
   * fe80::/10.
   *
   * @throws IllegalArgumentException naming a block that does not parse
   */
  static AddressCheck guard(boolean allowPrivateNetwork, List<String> allowCidrs) {
    AddressGuard guard =
        new AddressGuard(allowPrivateNetwork, allowCidrs.stream().map(Cidr::parse).toList());
    return new AddressCheck() {
      @Override
      public boolean allows(InetSocketAddress address) {
        return guard.allows(address);
      }

      @Override
      public boolean allowsHost(String host) {
        return guard.allowsHost(host);
      }

      @Override
      public String toString() {
        return guard.toString();
      }
    };
  }
}
