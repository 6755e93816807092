package dev.trawl.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Literals are parsed and written without DNS: nothing here resolves a name. */
class LiteralsTest {

  @Test
  void writesIpv6AddressesInTheirRfc5952Form() {
    Map<String, String> canonical = new LinkedHashMap<>();
    for (String literal :
        List.of(
            "2001:DB8:0:0:0:0:0:1",
            "2001:db8::0:1",
            "2001:0db8:0000:0000:0001:0000:0000:0001",
            "2001:db8:0:1:1:1:1:1",
            "::",
            "0:0:0:0:0:0:0:1",
            "fe80::",
            "FD00::ABCD",
            "1:0:0:2:0:0:0:3",
            "::ffff:127.0.0.1",
            "0:0:0:0:0:ffff:7f00:1",
            "::127.0.0.1",
            "64:ff9b::a9fe:a9fe")) {
      canonical.put(literal, Literals.canonicalIpv6(Literals.parse(literal).getAddress()));
    }

    assertThat(canonical)
        .containsExactly(
            Map.entry("2001:DB8:0:0:0:0:0:1", "2001:db8::1"),
            Map.entry("2001:db8::0:1", "2001:db8::1"),
            Map.entry("2001:0db8:0000:0000:0001:0000:0000:0001", "2001:db8::1:0:0:1"),
            Map.entry("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
            Map.entry("::", "::"),
            Map.entry("0:0:0:0:0:0:0:1", "::1"),
            Map.entry("fe80::", "fe80::"),
            Map.entry("FD00::ABCD", "fd00::abcd"),
            Map.entry("1:0:0:2:0:0:0:3", "1:0:0:2::3"),
            Map.entry("::ffff:127.0.0.1", "::ffff:127.0.0.1"),
            Map.entry("0:0:0:0:0:ffff:7f00:1", "::ffff:127.0.0.1"),
            Map.entry("::127.0.0.1", "::7f00:1"),
            Map.entry("64:ff9b::a9fe:a9fe", "64:ff9b::a9fe:a9fe"));
  }

  @Test
  void parsesOnlyLiteralsWithOrWithoutBrackets() {
    assertThat(Literals.parse("[2001:db8::1]").getAddress())
        .isEqualTo(Literals.parse("2001:db8::1").getAddress())
        .hasSize(16);
    assertThat(Literals.parse("[::ffff:10.0.0.1]").getAddress()).hasSize(16);
    assertThat(Literals.parse("10.0.0.1").getAddress()).hasSize(4);
    assertThat(
            List.of("example.com", "127.1", "[v1.x]", "[::g]", "").stream()
                .filter(host -> Literals.parse(host) != null)
                .toList())
        .isEmpty();
  }

  @Test
  void refusesToWriteAnythingButSixteenBytesAsIpv6() {
    assertThatThrownBy(() -> Literals.canonicalIpv6(new byte[4]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not an IPv6 address: 4 bytes");
  }
}
