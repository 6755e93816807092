package dev.trawl.cli.deploy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address block of a NetworkPolicy's ipBlock: whether it contains or overlaps another.
 *
 * @param first its first address, as a number
 * @param last its last address
 * @param bits address width: 32 (IPv4) or 128 (IPv6)
 */
record Cidr(BigInteger first, BigInteger last, int bits) {

  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    try {
      byte[] address = InetAddress.getByName(text.substring(0, slash)).getAddress();
      if (text.contains(":") && address.length == 4) {
        // Java reads an IPv4-mapped IPv6 literal (::ffff:a.b.c.d) as the IPv4 address.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(address, 0, mapped, 12, 4);
        address = mapped;
      }
      int bits = address.length * 8;
      int prefix = Integer.parseInt(text.substring(slash + 1));
      BigInteger size = BigInteger.ONE.shiftLeft(bits - prefix);
      BigInteger first = new BigInteger(1, address).divide(size).multiply(size);
      return new Cidr(first, first.add(size).subtract(BigInteger.ONE), bits);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not a CIDR block: " + text, e);
    }
  }

  boolean contains(Cidr other) {
    return bits == other.bits
        && first.compareTo(other.first) <= 0
        && last.compareTo(other.last) >= 0;
  }

  boolean overlaps(Cidr other) {
    return bits == other.bits
        && first.compareTo(other.last) <= 0
        && other.first.compareTo(last) <= 0;
  }
}
