package dev.trawl.runtime.net;

import java.net.InetAddress;
import java.util.List;

/**
 * What kind of address an IP is, for the SSRF guard. IPv6 forms that embed an IPv4 address
 * (IPv4-mapped {@code ::ffff:a.b.c.d}, IPv4-compatible {@code ::a.b.c.d}, NAT64 {@code
 * 64:ff9b::/96} and 6to4 {@code 2002::/16}) are classified by the IPv4 address they carry, because
 * that is where a dual-stack host, a NAT64 gateway or a 6to4 relay sends the packets.
 */
public enum AddressClass {
  PUBLIC("public"),
  UNSPECIFIED("this network (0.0.0.0/8, ::)"),
  LOOPBACK("loopback"),
  PRIVATE("private"),
  CARRIER_GRADE_NAT("carrier-grade NAT (100.64.0.0/10)"),
  LINK_LOCAL("link-local (169.254.0.0/16, fe80::/10; cloud metadata lives here)"),
  MULTICAST("multicast"),
  UNIQUE_LOCAL("unique-local (fc00::/7)"),
  RESERVED("reserved or documentation");

  /** Checked in order; the first block containing the address wins. */
  private static final List<Range> RANGES =
      List.of(
          new Range("0.0.0.0/8", UNSPECIFIED),
          new Range("127.0.0.0/8", LOOPBACK),
          new Range("10.0.0.0/8", PRIVATE),
          new Range("172.16.0.0/12", PRIVATE),
          new Range("192.168.0.0/16", PRIVATE),
          new Range("100.64.0.0/10", CARRIER_GRADE_NAT),
          new Range("169.254.0.0/16", LINK_LOCAL),
          new Range("224.0.0.0/4", MULTICAST),
          new Range("192.0.0.0/24", RESERVED),
          new Range("192.0.2.0/24", RESERVED),
          new Range("198.18.0.0/15", RESERVED),
          new Range("198.51.100.0/24", RESERVED),
          new Range("203.0.113.0/24", RESERVED),
          new Range("240.0.0.0/4", RESERVED),
          new Range("::/128", UNSPECIFIED),
          new Range("::1/128", LOOPBACK),
          new Range("fe80::/10", LINK_LOCAL),
          new Range("fec0::/10", PRIVATE),
          new Range("fc00::/7", UNIQUE_LOCAL),
          new Range("ff00::/8", MULTICAST),
          new Range("64:ff9b:1::/48", PRIVATE),
          new Range("100::/64", RESERVED),
          new Range("2001:db8::/32", RESERVED));

  private final String description;

  AddressClass(String description) {
    this.description = description;
  }

  /** For messages: what the class means. */
  public String description() {
    return description;
  }

  /** The class of {@code address}; an IPv6 form embedding IPv4 gets the class of that IPv4. */
  public static AddressClass of(InetAddress address) {
    byte[] bytes = address.getAddress();
    byte[] embedded = embeddedIpv4(bytes);
    if (embedded != null) {
      bytes = embedded;
    }
    for (Range range : RANGES) {
      if (range.cidr.network().length == bytes.length && range.cidr.containsBytes(bytes)) {
        return range.type;
      }
    }
    return PUBLIC;
  }

  /** The IPv4 address an IPv6 address carries in a form the guard follows, or null. */
  static byte[] embeddedIpv4(byte[] bytes) {
    if (bytes.length != 16) {
      return null;
    }
    if (allZero(bytes, 0, 10) && (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff) {
      return slice(bytes, 12); // ::ffff:a.b.c.d, IPv4-mapped
    }
    boolean unspecifiedOrLoopback = allZero(bytes, 0, 15) && (bytes[15] == 0 || bytes[15] == 1);
    if (allZero(bytes, 0, 12) && !unspecifiedOrLoopback) {
      return slice(bytes, 12); // ::a.b.c.d, IPv4-compatible (deprecated); :: and ::1 excluded
    }
    if (bytes[0] == 0
        && bytes[1] == 0x64
        && (bytes[2] & 0xff) == 0xff
        && (bytes[3] & 0xff) == 0x9b
        && allZero(bytes, 4, 12)) {
      return slice(bytes, 12); // 64:ff9b::a.b.c.d, NAT64 well-known prefix
    }
    if (bytes[0] == 0x20 && bytes[1] == 0x02) {
      byte[] v4 = new byte[4];
      System.arraycopy(bytes, 2, v4, 0, 4);
      return v4; // 2002:aabb:ccdd::, 6to4
    }
    return null;
  }

  private static boolean allZero(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] slice(byte[] bytes, int from) {
    byte[] v4 = new byte[4];
    System.arraycopy(bytes, from, v4, 0, 4);
    return v4;
  }

  private record Range(Cidr cidr, AddressClass type) {
    Range(String cidr, AddressClass type) {
      this(Cidr.parse(cidr), type);
    }
  }
}
