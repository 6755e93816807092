package dev.trawl.fetch.internal.ssrf;

import java.net.InetSocketAddress;

/**
 * Which addresses the fetcher's HTTP clients may connect to: asked about every host name before it
 * is resolved and about every resolved address, redirects included. The worker's public {@code
 * AddressCheck} is one; {@link AddressGuard} is the SSRF guard behind it.
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
