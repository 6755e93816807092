package dev.trawl.runtime.net;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * A block of addresses such as {@code 10.0.0.0/8} or {@code fe80::/10}. Immutable.
 *
 * @param network the address bytes (4 or 16), host bits cleared
 * @param prefix how many leading bits are fixed
 */
public record Cidr(byte[] network, int prefix) {

  public Cidr {
    network = network.clone();
  }

  /**
   * Parses {@code a.b.c.d/n}, {@code v6/n} or a single address (a /32 or /128). Only canonical
   * literals are accepted, so no DNS query is ever made.
   *
   * @throws IllegalArgumentException naming the bad text
   */
  public static Cidr parse(String text) {
    String trimmed = text == null ? "" : text.strip();
    int slash = trimmed.indexOf('/');
    String literal = slash < 0 ? trimmed : trimmed.substring(0, slash);
    InetAddress address = Literals.parse(literal);
    if (address == null) {
      throw new IllegalArgumentException("not a CIDR block: '" + text + "'");
    }
    int bits = address.getAddress().length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(trimmed.substring(slash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not a CIDR block: '" + text + "'");
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException("not a CIDR block: '" + text + "'");
      }
    }
    return new Cidr(mask(address.getAddress(), prefix), prefix);
  }

  /** True when {@code address} is in this block (an IPv4 address never matches an IPv6 block). */
  public boolean contains(InetAddress address) {
    return containsBytes(address.getAddress());
  }

  boolean containsBytes(byte[] bytes) {
    return bytes.length == network.length && Arrays.equals(mask(bytes, prefix), network);
  }

  /** True when every address of this block is in {@code other}. */
  public boolean isWithin(Cidr other) {
    return network.length == other.network.length
        && prefix >= other.prefix
        && Arrays.equals(mask(network, other.prefix), other.network);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cidr c && c.prefix == prefix && Arrays.equals(c.network, network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefix;
  }

  @Override
  public String toString() {
    return Literals.format(network) + "/" + prefix;
  }

  private static byte[] mask(byte[] bytes, int prefix) {
    byte[] masked = bytes.clone();
    for (int i = 0; i < masked.length; i++) {
      int keep = Math.max(0, Math.min(8, prefix - 8 * i));
      masked[i] = (byte) (masked[i] & (0xff00 >> keep));
    }
    return masked;
  }
}
