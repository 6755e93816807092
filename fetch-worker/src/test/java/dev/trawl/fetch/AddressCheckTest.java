package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checked at the guard on literal addresses: nothing here opens a socket. */
class AddressCheckTest {

  @Test
  void publicOnlyRefusesEveryNonPublicRange() throws UnknownHostException {
    List<String> refused =
        List.of(
            "127.0.0.1",
            "127.1",
            "2130706433",
            "0.0.0.0",
            "0.1.2.3",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "100.127.255.255",
            "169.254.169.254",
            "224.0.0.1",
            "::1",
            "::",
            "fe80::1",
            "fc00::1",
            "fd12:3456::1",
            "ff02::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1");

    assertThat(refused.stream().filter(ip -> allowed(ip)).toList()).isEmpty();
  }

  @Test
  void publicOnlyAllowsPublicUnicast() throws UnknownHostException {
    List<String> allowed =
        List.of("8.8.8.8", "100.63.255.255", "100.128.0.1", "172.32.0.1", "2001:db8::1");

    assertThat(allowed.stream().filter(ip -> !allowed(ip)).toList()).isEmpty();
  }

  private static boolean allowed(String literal) {
    try {
      // getByName on a literal parses it; no DNS query and no connection is made.
      InetAddress ip = InetAddress.getByName(literal);
      return AddressCheck.PUBLIC_ONLY.allows(new InetSocketAddress(ip, 80));
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
