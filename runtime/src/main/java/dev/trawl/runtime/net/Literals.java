package dev.trawl.runtime.net;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Parses and formats IP literals without ever querying DNS, and spots numeric host names that are
 * not canonical dotted quads ({@code 127.1}, {@code 2130706433}, {@code 0x7f.1}, {@code
 * 0177.0.0.1}): browsers and libc read those as IPv4 addresses, Java reads some of them differently
 * ({@code 0177.0.0.1} is 177.0.0.1 to Java, 127.0.0.1 to libc) and sends others to DNS, so the
 * guard refuses them all by spelling.
 */
public final class Literals {

  private static final Pattern DOTTED_QUAD =
      Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

  /** A label the WHATWG IPv4 parser reads as a number. */
  private static final Pattern NUMERIC_LABEL = Pattern.compile("[0-9]+|(?i)0x[0-9a-f]*");

  /** Only these reach {@link InetAddress#getByName}: Java parses them, never looks them up. */
  private static final Pattern V6_LITERAL =
      Pattern.compile("[0-9A-Fa-f:][0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?");

  private Literals() {}

  /**
   * The address {@code host} spells, when it is a canonical dotted quad or an IPv6 literal (with or
   * without brackets); null for anything else, names included.
   */
  public static InetAddress parse(String host) {
    if (host == null || host.isEmpty()) {
      return null;
    }
    String text =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    boolean v6 = text.indexOf(':') >= 0;
    if (!v6 && !isDottedQuad(text)) {
      return null;
    }
    if (v6 && !V6_LITERAL.matcher(text).matches()) {
      return null;
    }
    try {
      InetAddress address = InetAddress.getByName(text);
      if (v6 && address.getAddress().length == 4) {
        // Java turns ::ffff:a.b.c.d into an IPv4 address; keep the 16-byte form that was written.
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(address.getAddress(), 0, mapped, 12, 4);
        return Inet6Address.getByAddress(null, mapped, null);
      }
      return address;
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** True for {@code a.b.c.d} with four decimal parts of 0 to 255 and no leading zeros. */
  public static boolean isDottedQuad(String host) {
    if (!DOTTED_QUAD.matcher(host).matches()) {
      return false;
    }
    for (String part : host.split("\\.")) {
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }

  /**
   * True when {@code host} is not a canonical dotted quad but ends in a number, the WHATWG URL rule
   * for "this host is an IPv4 address": its last label (a trailing dot aside) is decimal or {@code
   * 0x} hex. Browsers parse such hosts as IPv4 in their own way ({@code 127.1}, {@code 2130706433},
   * {@code 0x7f.1}, {@code 0177.0.0.1}) or reject them ({@code 1.2.3.4.5}, {@code foo.123}); Java
   * reads some differently and sends the rest to DNS. The guard refuses them all.
   */
  public static boolean isOddIpv4Spelling(String host) {
    if (host == null || host.isEmpty() || host.indexOf(':') >= 0 || host.startsWith("[")) {
      return false;
    }
    if (isDottedQuad(host)) {
      return false;
    }
    String text = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    String last = text.substring(text.lastIndexOf('.') + 1);
    return NUMERIC_LABEL.matcher(last).matches();
  }

  /**
   * The canonical text of an IPv6 address (RFC 5952): lower-case hex without leading zeros, the
   * longest run of two or more zero groups (the first of equal runs) written {@code ::}, and an
   * IPv4-mapped address as {@code ::ffff:a.b.c.d}.
   *
   * @throws IllegalArgumentException when {@code bytes} is not 16 bytes long
   */
  public static String canonicalIpv6(byte[] bytes) {
    if (bytes.length != 16) {
      throw new IllegalArgumentException("not an IPv6 address: " + bytes.length + " bytes");
    }
    if (isMapped(bytes)) {
      return "::ffff:"
          + (bytes[12] & 0xff)
          + "."
          + (bytes[13] & 0xff)
          + "."
          + (bytes[14] & 0xff)
          + "."
          + (bytes[15] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLength = 1; // A single zero group is never shortened.
    for (int i = 0; i < 8; ) {
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLength) {
        bestStart = i;
        bestLength = j - i;
      }
      i = j == i ? i + 1 : j;
    }
    StringBuilder text = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        text.append("::");
        i += bestLength - 1;
      } else {
        if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
          text.append(':');
        }
        text.append(Integer.toHexString(groups[i]));
      }
    }
    return text.toString();
  }

  private static boolean isMapped(byte[] bytes) {
    for (int i = 0; i < 10; i++) {
      if (bytes[i] != 0) {
        return false;
      }
    }
    return (bytes[10] & 0xff) == 0xff && (bytes[11] & 0xff) == 0xff;
  }

  /** The usual text of an address: dotted quad for 4 bytes, full IPv6 form for 16. */
  public static String format(byte[] bytes) {
    try {
      return bytes.length == 16
          ? Inet6Address.getByAddress(null, bytes, null).getHostAddress()
          : InetAddress.getByAddress(bytes).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + bytes.length + " bytes", e);
    }
  }
}
