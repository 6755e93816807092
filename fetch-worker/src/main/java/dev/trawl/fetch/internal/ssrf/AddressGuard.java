package dev.trawl.fetch.internal.ssrf;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * The SSRF guard: allows public addresses; with {@code allowPrivateNetwork} also loopback, private,
 * CGNAT, unique-local, multicast and reserved ones; and any address inside an allowed CIDR block.
 * Link-local addresses (cloud metadata at 169.254.169.254 among them) stay refused even with {@code
 * allowPrivateNetwork}; only an allowed block that lies wholly inside a link-local range ({@code
 * 169.254.169.254/32}, not {@code 0.0.0.0/0}) lets one through. Host names that are odd IPv4
 * spellings are refused whatever is allowed. Immutable and thread-safe.
 */
public final class AddressGuard implements AddressFilter {

  /** Public addresses only, nothing allowed besides. */
  public static final AddressGuard PUBLIC_ONLY = new AddressGuard(false, List.of());

  private static final List<Cidr> LINK_LOCAL =
      List.of(Cidr.parse("169.254.0.0/16"), Cidr.parse("fe80::/10"));

  private final boolean allowPrivateNetwork;
  private final List<Cidr> allowed;

  public AddressGuard(boolean allowPrivateNetwork, List<Cidr> allowed) {
    this.allowPrivateNetwork = allowPrivateNetwork;
    this.allowed = List.copyOf(allowed);
  }

  @Override
  public boolean allows(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    if (ip == null) {
      return false;
    }
    AddressClass type = AddressClass.of(ip);
    if (type == AddressClass.PUBLIC) {
      return true;
    }
    byte[] bytes = ip.getAddress();
    byte[] embedded = AddressClass.embeddedIpv4(bytes);
    for (Cidr cidr : allowed) {
      boolean inside =
          cidr.containsBytes(bytes) || (embedded != null && cidr.containsBytes(embedded));
      if (inside && (type != AddressClass.LINK_LOCAL || insideLinkLocal(cidr))) {
        return true;
      }
    }
    return allowPrivateNetwork && type != AddressClass.LINK_LOCAL;
  }

  @Override
  public boolean allowsHost(String host) {
    return !Literals.isOddIpv4Spelling(host);
  }

  @Override
  public String toString() {
    return "AddressGuard[allowPrivateNetwork=" + allowPrivateNetwork + ", allowed=" + allowed + "]";
  }

  private static boolean insideLinkLocal(Cidr cidr) {
    return LINK_LOCAL.stream().anyMatch(cidr::isWithin);
  }
}
