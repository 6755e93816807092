package dev.trawl.fetch.internal;

import java.net.InetSocketAddress;

/**
 * Decides whether the fetcher may connect to a resolved address: the seam of the SSRF guard. It
 * sees every connection, redirects included, after DNS resolution.
 */
@FunctionalInterface
public interface AddressCheck {

  /** Allows every address (no guard). */
  AddressCheck ALLOW_ALL = address -> true;

  /** True when a connection to {@code address} is allowed. Must not block. */
  boolean allows(InetSocketAddress address);
}
