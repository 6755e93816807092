package dev.trawl.fetch;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Decides whether the fetcher may connect to a resolved address: the seam of the SSRF guard. It
 * sees every connection, redirects included, after DNS resolution.
 */
@FunctionalInterface
public interface AddressCheck {

  /** Allows every address (no guard). */
  AddressCheck ALLOW_ALL = address -> true;

  /**
   * Allows only public unicast addresses: refuses loopback, unspecified and 0.0.0.0/8, private
   * (10/8, 172.16/12, 192.168/16), CGNAT 100.64/10, link-local (169.254/16 with cloud metadata,
   * fe80::/10), multicast and unique-local fc00::/7. Odd IPv4 spellings ({@code 127.1}, {@code
   * 2130706433}) are caught too, because the check runs on the resolved address.
   */
  AddressCheck PUBLIC_ONLY = address -> isPublic(address.getAddress());

  /** True when a connection to {@code address} is allowed. Must not block. */
  boolean allows(InetSocketAddress address);

  /** True for a public unicast address (see {@link #PUBLIC_ONLY}); false when unresolved. */
  static boolean isPublic(InetAddress ip) {
    if (ip == null
        || ip.isAnyLocalAddress()
        || ip.isLoopbackAddress()
        || ip.isLinkLocalAddress()
        || ip.isSiteLocalAddress()
        || ip.isMulticastAddress()) {
      return false;
    }
    byte[] b = ip.getAddress();
    if (ip instanceof Inet4Address) {
      int first = b[0] & 0xff;
      int second = b[1] & 0xff;
      boolean thisNetwork = first == 0;
      boolean carrierGradeNat = first == 100 && second >= 64 && second < 128;
      return !thisNetwork && !carrierGradeNat;
    }
    if (ip instanceof Inet6Address) {
      boolean uniqueLocal = (b[0] & 0xfe) == 0xfc;
      return !uniqueLocal;
    }
    return true;
  }
}
