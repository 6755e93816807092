package dev.trawl.fetch;

import dev.trawl.fetch.internal.proxy.ProxyEndpoint;
import dev.trawl.fetch.internal.proxy.ProxyPool;
import dev.trawl.fetch.internal.ssrf.Cidr;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Where a fetch worker may connect and through which proxies, validated once on construction: an
 * invalid value throws {@link IllegalArgumentException} naming the option and the value (never a
 * proxy password).
 *
 * @param allowPrivateNetwork allow loopback, private, CGNAT, unique-local and reserved addresses
 *     ({@code --allow-private-network}); link-local and cloud metadata stay refused
 * @param allowCidrs address blocks allowed whatever their range ({@code --allow-cidr}); a
 *     link-local address needs a block wholly inside 169.254/16 or fe80::/10
 * @param proxies proxy URLs, {@code http://user:pass@host:port} or {@code socks5://...} ({@code
 *     --proxy}, {@code --proxy-file}); empty for direct connections
 * @param proxyRotation round-robin, random or sticky-host ({@code --proxy-rotation})
 * @param proxyFailureThreshold consecutive connection failures that bench a proxy ({@code
 *     --proxy-failure-threshold})
 * @param proxyCooldown how long a benched proxy sits out ({@code --proxy-cooldown-ms})
 */
public record EgressSettings(
    boolean allowPrivateNetwork,
    List<String> allowCidrs,
    List<String> proxies,
    String proxyRotation,
    int proxyFailureThreshold,
    Duration proxyCooldown) {

  public EgressSettings {
    allowCidrs = List.copyOf(allowCidrs);
    proxies = List.copyOf(proxies);
    for (String cidr : allowCidrs) {
      try {
        Cidr.parse(cidr);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--allow-cidr: " + e.getMessage());
      }
    }
    for (String proxy : proxies) {
      try {
        ProxyEndpoint.parse(proxy);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--proxy: " + e.getMessage());
      }
    }
    ProxyPool.Rotation.parse(proxyRotation);
    if (proxyFailureThreshold < 1) {
      throw new IllegalArgumentException(
          "--proxy-failure-threshold must be at least 1, was " + proxyFailureThreshold);
    }
    Objects.requireNonNull(proxyCooldown, "--proxy-cooldown-ms");
    if (proxyCooldown.isNegative()) {
      throw new IllegalArgumentException(
          "--proxy-cooldown-ms must not be negative, was " + proxyCooldown.toMillis());
    }
  }

  /** The guard on (public addresses only), no proxy; round-robin, 3 failures, 60 s cool-down. */
  public static EgressSettings defaults() {
    return new EgressSettings(
        false, List.of(), List.of(), "round-robin", 3, Duration.ofSeconds(60));
  }

  /** The address guard these settings describe. */
  public AddressCheck addressCheck() {
    return AddressCheck.guard(allowPrivateNetwork, allowCidrs);
  }

  public EgressSettings withAllowPrivateNetwork(boolean value) {
    return new EgressSettings(
        value, allowCidrs, proxies, proxyRotation, proxyFailureThreshold, proxyCooldown);
  }

  public EgressSettings withAllowCidrs(List<String> value) {
    return new EgressSettings(
        allowPrivateNetwork, value, proxies, proxyRotation, proxyFailureThreshold, proxyCooldown);
  }

  /** Sets the proxy pool: URLs, rotation, failures before benching and the cool-down. */
  public EgressSettings withProxies(
      List<String> urls, String rotation, int failureThreshold, Duration cooldown) {
    return new EgressSettings(
        allowPrivateNetwork, allowCidrs, urls, rotation, failureThreshold, cooldown);
  }

  /** Like the record's, with proxy credentials left out. */
  @Override
  public String toString() {
    return "EgressSettings[allowPrivateNetwork="
        + allowPrivateNetwork
        + ", allowCidrs="
        + allowCidrs
        + ", proxies="
        + proxies.stream()
            .map(p -> ProxyEndpoint.parse(p).id())
            .collect(Collectors.joining(", ", "[", "]"))
        + ", proxyRotation="
        + proxyRotation
        + ", proxyFailureThreshold="
        + proxyFailureThreshold
        + ", proxyCooldown="
        + proxyCooldown
        + "]";
  }
}
