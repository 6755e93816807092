package dev.trawl.runtime.net;

import java.net.InetSocketAddress;

/**
 * Which addresses a client that connects out may connect to: asked about every host name before it
 * is resolved and about every resolved address, redirects included. {@link AddressGuard} is the
 * SSRF guard every Trawl role uses (the fetch worker's HTTP clients, the producer's sitemap
 * reader).
 */
@FunctionalInterface
public interface AddressFilter {

  /** True when a connection to {@code address} is allowed. Must not block. */
  boolean allows(InetSocketAddress address);

  /**
   * True when {@code host} (as written in the URL, before resolution) may be resolved at all. The
   * default allows every host.
   */
  default boolean allowsHost(String host) {
    return true;
  }
}
