package dev.trawl.runtime.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name (or an IP literal, which is parsed, not looked up) into addresses, before an
 * {@link AddressFilter} checks them: the system's resolver (DNS and the hosts file) by default, a
 * fixed mapping where names must not reach DNS (tests, names a deployment pins). It may block; a
 * client calls it off its I/O threads and bounds the wait.
 */
@FunctionalInterface
public interface HostResolver {

  /** The system's resolver: {@link InetAddress#getAllByName}. */
  HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

  /**
   * The addresses of {@code host}, at least one.
   *
   * @throws UnknownHostException when the name does not resolve
   */
  List<InetAddress> resolve(String host) throws UnknownHostException;
}
