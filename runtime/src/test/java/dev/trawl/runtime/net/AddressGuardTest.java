package dev.trawl.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Checked on literal addresses at the guard: nothing here resolves a name or opens a socket. */
class AddressGuardTest {

  private static final AddressGuard PUBLIC_ONLY = AddressGuard.PUBLIC_ONLY;
  private static final AddressGuard PRIVATE_ALLOWED = new AddressGuard(true, List.of());

  /** Every refused form and the class it falls in. */
  private static final Map<String, AddressClass> REFUSED = new LinkedHashMap<>();

  static {
    REFUSED.put("127.0.0.1", AddressClass.LOOPBACK);
    REFUSED.put("127.255.255.254", AddressClass.LOOPBACK);
    REFUSED.put("0.0.0.0", AddressClass.UNSPECIFIED);
    REFUSED.put("0.1.2.3", AddressClass.UNSPECIFIED);
    REFUSED.put("10.1.2.3", AddressClass.PRIVATE);
    REFUSED.put("172.16.0.1", AddressClass.PRIVATE);
    REFUSED.put("172.31.255.255", AddressClass.PRIVATE);
    REFUSED.put("192.168.1.1", AddressClass.PRIVATE);
    REFUSED.put("100.64.0.1", AddressClass.CARRIER_GRADE_NAT);
    REFUSED.put("100.127.255.255", AddressClass.CARRIER_GRADE_NAT);
    REFUSED.put("169.254.169.254", AddressClass.LINK_LOCAL);
    REFUSED.put("169.254.0.1", AddressClass.LINK_LOCAL);
    REFUSED.put("224.0.0.1", AddressClass.MULTICAST);
    REFUSED.put("239.255.255.250", AddressClass.MULTICAST);
    REFUSED.put("255.255.255.255", AddressClass.RESERVED);
    REFUSED.put("240.0.0.1", AddressClass.RESERVED);
    REFUSED.put("192.0.2.1", AddressClass.RESERVED);
    REFUSED.put("198.18.0.1", AddressClass.RESERVED);
    REFUSED.put("::1", AddressClass.LOOPBACK);
    REFUSED.put("::", AddressClass.UNSPECIFIED);
    REFUSED.put("fe80::1", AddressClass.LINK_LOCAL);
    REFUSED.put("febf::1", AddressClass.LINK_LOCAL);
    REFUSED.put("fc00::1", AddressClass.UNIQUE_LOCAL);
    REFUSED.put("fd12:3456::1", AddressClass.UNIQUE_LOCAL);
    REFUSED.put("fd00:ec2::254", AddressClass.UNIQUE_LOCAL);
    REFUSED.put("ff02::1", AddressClass.MULTICAST);
    REFUSED.put("2001:db8::1", AddressClass.RESERVED);
    // IPv6 forms carrying an IPv4 address: classified by that address.
    REFUSED.put("::ffff:127.0.0.1", AddressClass.LOOPBACK);
    REFUSED.put("::ffff:10.0.0.1", AddressClass.PRIVATE);
    REFUSED.put("::ffff:169.254.169.254", AddressClass.LINK_LOCAL);
    REFUSED.put("::127.0.0.1", AddressClass.LOOPBACK);
    REFUSED.put("::169.254.169.254", AddressClass.LINK_LOCAL);
    REFUSED.put("::0.0.0.5", AddressClass.UNSPECIFIED);
    REFUSED.put("64:ff9b::127.0.0.1", AddressClass.LOOPBACK);
    REFUSED.put("64:ff9b::a9fe:a9fe", AddressClass.LINK_LOCAL);
    REFUSED.put("64:ff9b:1::1", AddressClass.PRIVATE);
    REFUSED.put("2002:7f00:1::", AddressClass.LOOPBACK);
    REFUSED.put("2002:c0a8:101::1", AddressClass.PRIVATE);
  }

  @Test
  void classifiesEveryNonPublicFormAndRefusesItByDefault() {
    Map<String, AddressClass> classes = new LinkedHashMap<>();
    Map<String, Boolean> allowed = new LinkedHashMap<>();
    for (String literal : REFUSED.keySet()) {
      classes.put(literal, AddressClass.of(address(literal)));
      allowed.put(literal, PUBLIC_ONLY.allows(socket(literal)));
    }

    assertThat(classes).isEqualTo(REFUSED);
    assertThat(allowed).doesNotContainValue(true).hasSize(REFUSED.size());
  }

  @Test
  void allowsPublicUnicast() {
    List<String> publicAddresses =
        List.of(
            "8.8.8.8",
            "1.1.1.1",
            "100.63.255.255",
            "100.128.0.1",
            "172.32.0.1",
            "169.253.255.255",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
            "64:ff9b::808:808",
            "2002:808:808::1");

    assertThat(publicAddresses.stream().filter(ip -> !PUBLIC_ONLY.allows(socket(ip))).toList())
        .isEmpty();
  }

  @Test
  void allowPrivateNetworkAllowsAllButLinkLocal() {
    Map<String, Boolean> allowed = new LinkedHashMap<>();
    for (String literal : REFUSED.keySet()) {
      allowed.put(literal, PRIVATE_ALLOWED.allows(socket(literal)));
    }

    Map<String, Boolean> expected = new LinkedHashMap<>();
    REFUSED.forEach((literal, type) -> expected.put(literal, type != AddressClass.LINK_LOCAL));
    assertThat(allowed).isEqualTo(expected);
  }

  @Test
  void allowsLinkLocalOnlyWhenABlockInsideLinkLocalNamesIt() {
    AddressGuard metadata = new AddressGuard(true, List.of(Cidr.parse("169.254.169.254/32")));
    AddressGuard everything =
        new AddressGuard(false, List.of(Cidr.parse("0.0.0.0/0"), Cidr.parse("::/0")));

    assertThat(metadata.allows(socket("169.254.169.254"))).isTrue();
    assertThat(metadata.allows(socket("::ffff:169.254.169.254"))).isTrue();
    assertThat(metadata.allows(socket("169.254.169.253"))).isFalse();
    assertThat(everything.allows(socket("169.254.169.254"))).isFalse();
    assertThat(everything.allows(socket("fe80::1"))).isFalse();
    assertThat(everything.allows(socket("10.0.0.1"))).isTrue();
    assertThat(everything.allows(socket("fd00::1"))).isTrue();
  }

  @Test
  void allowsOnlyTheNamedBlocksWithoutAllowPrivateNetwork() {
    AddressGuard guard = new AddressGuard(false, List.of(Cidr.parse("127.0.0.2/32")));

    assertThat(guard.allows(socket("127.0.0.2"))).isTrue();
    assertThat(guard.allows(socket("127.0.0.1"))).isFalse();
    assertThat(guard.allows(socket("10.0.0.2"))).isFalse();
    assertThat(guard.allows(InetSocketAddress.createUnresolved("127.0.0.2", 80))).isFalse();
  }

  @Test
  void refusesOddIpv4SpellingsByNameWhateverIsAllowed() {
    AddressGuard everything = new AddressGuard(true, List.of(Cidr.parse("0.0.0.0/0")));
    List<String> odd =
        List.of(
            "127.1",
            "127.0.1",
            "2130706433",
            "0x7f.1",
            "0x7f000001",
            "0X7F.0.0.1",
            "0177.0.0.1",
            "017700000001",
            "127.0.0.1.",
            "127.000.000.001",
            "1.2.3.4.5",
            "0x",
            "256.0.0.1",
            "foo.123",
            "example.0x10",
            "0");
    List<String> fine =
        List.of(
            "127.0.0.1",
            "8.8.8.8",
            "example.com",
            "1e100.net",
            "123.example.com",
            "deadbeef",
            "0x7f.example",
            "::1",
            "[::1]");

    assertThat(odd.stream().filter(everything::allowsHost).toList()).isEmpty();
    assertThat(fine.stream().filter(h -> !PUBLIC_ONLY.allowsHost(h)).toList()).isEmpty();
  }

  @Test
  void refusesBracketedIpv6HostsOfUrlsInEveryNonPublicRange() {
    Map<String, String> refusals = new LinkedHashMap<>();
    for (String host :
        List.of("[2001:db8::1]", "[fd00::1]", "[fe80::1]", "[::ffff:127.0.0.1]", "[::1]")) {
      try {
        PUBLIC_ONLY.resolveAllowed(host);
        refusals.put(host, "allowed");
      } catch (IOException e) {
        refusals.put(host, e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }

    assertThat(refusals)
        .containsExactly(
            Map.entry(
                "[2001:db8::1]",
                "BlockedAddressException: host '[2001:db8::1]' is refused by the address guard:"
                    + " 2001:db8:0:0:0:0:0:1 (reserved or documentation)"),
            Map.entry(
                "[fd00::1]",
                "BlockedAddressException: host '[fd00::1]' is refused by the address guard:"
                    + " fd00:0:0:0:0:0:0:1 (unique-local (fc00::/7))"),
            Map.entry(
                "[fe80::1]",
                "BlockedAddressException: host '[fe80::1]' is refused by the address guard:"
                    + " fe80:0:0:0:0:0:0:1 (link-local (169.254.0.0/16, fe80::/10; cloud metadata"
                    + " lives here))"),
            Map.entry(
                "[::ffff:127.0.0.1]",
                "BlockedAddressException: host '[::ffff:127.0.0.1]' is refused by the address"
                    + " guard: 0:0:0:0:0:ffff:7f00:1 (loopback)"),
            Map.entry(
                "[::1]",
                "BlockedAddressException: host '[::1]' is refused by the address guard:"
                    + " 0:0:0:0:0:0:0:1 (loopback)"));
  }

  @Test
  void resolvesAllowedHostsToTheirAddresses() throws IOException {
    assertThat(PRIVATE_ALLOWED.resolveAllowed("[::1]")).containsExactly(address("::1"));
    assertThat(PRIVATE_ALLOWED.resolveAllowed("127.0.0.1")).containsExactly(address("127.0.0.1"));
    assertThat(PUBLIC_ONLY.resolveAllowed("8.8.8.8")).containsExactly(address("8.8.8.8"));
    assertThatThrownBy(() -> PRIVATE_ALLOWED.resolveAllowed("[fe80::1]"))
        .isInstanceOf(BlockedAddressException.class);
    assertThatThrownBy(() -> PRIVATE_ALLOWED.resolveAllowed("127.1"))
        .isInstanceOf(BlockedAddressException.class)
        .hasMessage(
            "host '127.1' is refused by the address guard: a numeric host must be a canonical"
                + " dotted quad such as 127.0.0.1");
  }

  private static InetSocketAddress socket(String literal) {
    return new InetSocketAddress(address(literal), 80);
  }

  /** The literal as an address; IPv6 forms stay 16 bytes (Java would fold ::ffff:x to IPv4). */
  private static InetAddress address(String literal) {
    try {
      InetAddress parsed = Literals.parse(literal);
      if (parsed == null) {
        throw new AssertionError("not a literal: " + literal);
      }
      return literal.contains(":")
          ? Inet6Address.getByAddress(null, v6Bytes(parsed), null)
          : parsed;
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] v6Bytes(InetAddress address) {
    byte[] bytes = address.getAddress();
    if (bytes.length == 16) {
      return bytes;
    }
    byte[] mapped = new byte[16];
    mapped[10] = (byte) 0xff;
    mapped[11] = (byte) 0xff;
    System.arraycopy(bytes, 0, mapped, 12, 4);
    return mapped;
  }
}
