package dev.trawl.fetch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.runtime.net.AddressGuard;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
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
            "::ffff:10.0.0.1",
            "2001:db8::1");

    assertThat(refused.stream().filter(ip -> allowed(ip)).toList()).isEmpty();
  }

  @Test
  void publicOnlyAllowsPublicUnicast() throws UnknownHostException {
    List<String> allowed =
        List.of("8.8.8.8", "100.63.255.255", "100.128.0.1", "172.32.0.1", "2606:4700::1111");

    assertThat(allowed.stream().filter(ip -> !allowed(ip)).toList()).isEmpty();
  }

  @Test
  void guardFromSettingsAllowsWhatItNames() {
    AddressCheck guard = AddressCheck.guard(false, List.of("127.0.0.2/32", "169.254.169.254/32"));

    assertThat(
            List.of("127.0.0.1", "127.0.0.2", "169.254.169.254", "169.254.1.1", "8.8.8.8").stream()
                .filter(ip -> allowed(guard, ip))
                .toList())
        .containsExactly("127.0.0.2", "169.254.169.254", "8.8.8.8");
    assertThat(AddressCheck.PUBLIC_ONLY.allowsHost("0x7f.1")).isFalse();
    assertThat(AddressCheck.ALLOW_ALL.allowsHost("0x7f.1")).isTrue();
  }

  @Test
  void publicOnlyIsSetWhicheverClassIsInitialisedFirst() throws Exception {
    URL classes = AddressCheck.class.getProtectionDomain().getCodeSource().getLocation();
    URL guardClasses = AddressGuard.class.getProtectionDomain().getCodeSource().getLocation();
    try (URLClassLoader fresh =
        new URLClassLoader(
            new URL[] {classes, guardClasses}, ClassLoader.getPlatformClassLoader())) {
      Class.forName(AddressGuard.class.getName(), true, fresh);
      Class<?> check = Class.forName(AddressCheck.class.getName(), true, fresh);

      assertThat(check.getField("PUBLIC_ONLY").get(null)).isNotNull();
    }
  }

  private static boolean allowed(String literal) {
    return allowed(AddressCheck.PUBLIC_ONLY, literal);
  }

  private static boolean allowed(AddressCheck check, String literal) {
    try {
      // getByName on a literal parses it; no DNS query and no connection is made.
      InetAddress ip = InetAddress.getByName(literal);
      return check.allows(new InetSocketAddress(ip, 80));
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
