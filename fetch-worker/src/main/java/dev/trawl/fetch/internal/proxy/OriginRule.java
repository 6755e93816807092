package dev.trawl.fetch.internal.proxy;

import dev.trawl.runtime.net.AddressFilter;
import dev.trawl.runtime.net.Literals;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;

/**
 * What the address guard can say about an origin reached through a proxy, where the proxy, not the
 * worker, resolves the name and connects: a host that is an odd IPv4 spelling or an IP literal the
 * guard refuses is never sent to the proxy, and {@code localhost} names count as 127.0.0.1. Other
 * names are resolved by the proxy, out of the guard's sight.
 */
final class OriginRule {

  /** What {@code localhost} names stand for (RFC 6761): the proxy would resolve them to itself. */
  private static final InetAddress LOOPBACK = Literals.parse("127.0.0.1");

  private OriginRule() {}

  /** True when a request to {@code host}:{@code port} may be sent through a proxy. */
  static boolean allows(AddressFilter check, String host, int port) {
    return refusal(check, host, port) == null;
  }

  /** Why the guard refuses {@code host}, or null when it does not. */
  static String refusal(AddressFilter check, String host, int port) {
    if (!check.allowsHost(host)) {
      return "host '"
          + host
          + "' is refused by the address guard: a numeric host must be a canonical dotted quad"
          + " such as 127.0.0.1";
    }
    InetAddress literal = isLocalhost(host) ? LOOPBACK : Literals.parse(host);
    if (literal != null && !check.allows(new InetSocketAddress(literal, port))) {
      return "address " + literal.getHostAddress() + " is refused by the address guard";
    }
    return null;
  }

  private static boolean isLocalhost(String host) {
    String name = host.toLowerCase(Locale.ROOT);
    name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    return name.equals("localhost") || name.endsWith(".localhost");
  }
}
