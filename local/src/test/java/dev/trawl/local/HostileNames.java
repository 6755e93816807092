package dev.trawl.local;

import dev.trawl.runtime.net.HostResolver;
import dev.trawl.runtime.net.Literals;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * The only names the hostile site's fleet can resolve, so that no lookup of any name leaves the
 * machine: IP literals are parsed, the site's own names are 127.0.0.1, two names point at addresses
 * the guard must refuse (a cloud metadata service, a private network), and every other name does
 * not exist.
 */
final class HostileNames {

  static final String ROBOTS_HUGE = "robots-huge.hostile.test";
  static final String ROBOTS_FAILING = "robots-failing.hostile.test";
  static final String ROBOTS_REDIRECT = "robots-redirect.hostile.test";
  static final String ROBOTS_LOOP = "robots-loop.hostile.test";
  static final String ROBOTS_SILENT = "robots-silent.hostile.test";
  static final String SITE = "site.hostile.test";

  /** Resolves to 169.254.169.254. */
  static final String METADATA = "metadata.hostile.test";

  /** Resolves to 10.20.30.40. */
  static final String INTRANET = "intranet.hostile.test";

  /** Does not resolve. */
  static final String NOWHERE = "nowhere.hostile.invalid";

  private static final Map<String, String> ADDRESSES =
      Map.of(
          ROBOTS_HUGE, "127.0.0.1",
          ROBOTS_FAILING, "127.0.0.1",
          ROBOTS_REDIRECT, "127.0.0.1",
          ROBOTS_LOOP, "127.0.0.1",
          ROBOTS_SILENT, "127.0.0.1",
          SITE, "127.0.0.1",
          METADATA, "169.254.169.254",
          INTRANET, "10.20.30.40");

  private HostileNames() {}

  /** The resolver of the hostile site's fleet. */
  static final HostResolver RESOLVER =
      host -> {
        InetAddress literal = Literals.parse(host);
        if (literal != null) {
          return List.of(literal);
        }
        String address = ADDRESSES.get(host);
        if (address == null) {
          throw new UnknownHostException(host + ": not a name of the hostile site");
        }
        return List.of(Literals.parse(address));
      };
}
