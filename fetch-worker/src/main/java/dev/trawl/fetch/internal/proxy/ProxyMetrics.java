package dev.trawl.fetch.internal.proxy;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Meters of each proxy, tagged {@code proxy} with its id ({@code scheme://host:port}, never the
 * credentials): requests sent through it, failures counted against it (connection errors, timeouts,
 * 407), times it was benched, and whether it sits out a cool-down now.
 *
 * <p>Thread-safety: the map is filled on construction and only read after; meters are thread-safe.
 */
public final class ProxyMetrics {

  private record Meters(Counter requests, Counter failures, Counter benches) {}

  private final Map<ProxyEndpoint, Meters> meters = new HashMap<>();

  public ProxyMetrics(
      MeterRegistry registry, List<ProxyEndpoint> proxies, Predicate<ProxyEndpoint> benched) {
    for (ProxyEndpoint proxy : proxies) {
      String id = proxy.id();
      meters.put(
          proxy,
          new Meters(
              Counter.builder("trawl.fetch.proxy.requests")
                  .description("Requests sent through the proxy")
                  .tag("proxy", id)
                  .register(registry),
              Counter.builder("trawl.fetch.proxy.failures")
                  .description("Connection failures, timeouts and 407s counted against the proxy")
                  .tag("proxy", id)
                  .register(registry),
              Counter.builder("trawl.fetch.proxy.benches")
                  .description("Times the proxy was benched for a cool-down")
                  .tag("proxy", id)
                  .register(registry)));
      Gauge.builder("trawl.fetch.proxy.benched", () -> benched.test(proxy) ? 1 : 0)
          .description("1 while the proxy sits out a cool-down")
          .tag("proxy", id)
          .register(registry);
    }
  }

  void request(ProxyEndpoint proxy) {
    meters.get(proxy).requests().increment();
  }

  /** Counts a failure against {@code proxy}, and a bench when it benched the proxy. */
  void failure(ProxyEndpoint proxy, boolean benched) {
    Meters m = meters.get(proxy);
    m.failures().increment();
    if (benched) {
      m.benches().increment();
    }
  }
}
