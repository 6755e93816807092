package dev.trawl.runtime.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CidrTest {

  @Test
  void parsesBlocksAndSingleAddressesInCanonicalForm() {
    assertThat(
            List.of("10.0.0.0/8", "10.1.2.3/8", "127.0.0.2", "fe80::1/10", "::1", "0.0.0.0/0")
                .stream()
                .map(c -> Cidr.parse(c).toString())
                .toList())
        .containsExactly(
            "10.0.0.0/8",
            "10.0.0.0/8",
            "127.0.0.2/32",
            "fe80:0:0:0:0:0:0:0/10",
            "0:0:0:0:0:0:0:1/128",
            "0.0.0.0/0");
  }

  @Test
  void containsOnlyAddressesOfItsFamilyAndPrefix() {
    Cidr block = Cidr.parse("172.16.0.0/12");

    assertThat(block.contains(Literals.parse("172.31.255.255"))).isTrue();
    assertThat(block.contains(Literals.parse("172.32.0.0"))).isFalse();
    assertThat(Cidr.parse("::/0").contains(Literals.parse("10.0.0.1"))).isFalse();
  }

  @Test
  void knowsWhenOneBlockLiesInsideAnother() {
    Cidr linkLocal = Cidr.parse("169.254.0.0/16");

    assertThat(Cidr.parse("169.254.169.254/32").isWithin(linkLocal)).isTrue();
    assertThat(Cidr.parse("169.254.0.0/16").isWithin(linkLocal)).isTrue();
    assertThat(Cidr.parse("169.0.0.0/8").isWithin(linkLocal)).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").isWithin(linkLocal)).isFalse();
  }

  @Test
  void rejectsAnythingButACanonicalLiteralWithAPrefix() {
    for (String bad :
        List.of(
            "",
            "10.0.0.0/33",
            "::/129",
            "10.0.0.0/x",
            "127.1/32",
            "example.com/8",
            "10.0.0.0/-1")) {
      assertThatThrownBy(() -> Cidr.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("not a CIDR block: '" + bad + "'");
    }
  }
}
