package dev.trawl.runtime.net;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * The SSRF guard: allows public addresses; with {@code allowPrivateNetwork} also loopback, private,
 * CGNAT, unique-local, multicast and reserved ones; and any address inside an allowed CIDR block.
 * Link-local addresses (cloud metadata at 169.254.169.254 among them) stay refused even with {@code
 * allowPrivateNetwork}; only an allowed block that lies wholly inside a link-local range ({@code
 * 169.254.169.254/32}, not {@code 0.0.0.0/0}) lets one through. Host names that are odd IPv4
 * spellings are refused whatever is allowed. Immutable and thread-safe.
 *
 * <p>A client that can resolve names itself checks each address it is about to connect to ({@link
 * #allows}); one that connects by name, and so may use any address of the host, asks {@link
 * #resolveAllowed} first.
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

  /**
   * The addresses of {@code host} (a name, or an IP literal with or without brackets, which is not
   * looked up) when the guard allows its name and every one of them.
   *
   * @throws UnknownHostException when the name does not resolve
   * @throws BlockedAddressException naming the host and the first address refused, with its class
   */
  public List<InetAddress> resolveAllowed(String host)
      throws UnknownHostException, BlockedAddressException {
    if (!allowsHost(host)) {
      throw new BlockedAddressException(
          "host '"
              + host
              + "' is refused by the address guard: a numeric host must be a canonical dotted"
              + " quad such as 127.0.0.1");
    }
    InetAddress literal = Literals.parse(host);
    List<InetAddress> addresses =
        literal != null ? List.of(literal) : List.of(InetAddress.getAllByName(host));
    for (InetAddress address : addresses) {
      if (!allows(new InetSocketAddress(address, 0))) {
        throw new BlockedAddressException(
            "host '" + host + "' is refused by the address guard: " + describe(address));
      }
    }
    return addresses;
  }

  /** An address and its class, for messages: {@code 10.0.0.1 (private)}. */
  public static String describe(InetAddress address) {
    return address.getHostAddress() + " (" + AddressClass.of(address).description() + ")";
  }

  @Override
  public String toString() {
    return "AddressGuard[allowPrivateNetwork=" + allowPrivateNetwork + ", allowed=" + allowed + "]";
  }

  private static boolean insideLinkLocal(Cidr cidr) {
    return LINK_LOCAL.stream().anyMatch(cidr::isWithin);
  }
}
