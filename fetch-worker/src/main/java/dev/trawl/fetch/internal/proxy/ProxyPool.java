package dev.trawl.fetch.internal.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntUnaryOperator;
import java.util.function.LongSupplier;

/**
 * Picks a proxy for each request and benches a proxy after {@code failureThreshold} consecutive
 * connection failures for {@code cooldownMillis}. When every proxy is benched, the one whose
 * cool-down ends first is used: a request never falls back to a direct connection, which would show
 * the worker's own address.
 *
 * <p>Thread-safety: all methods are synchronized; they do no I/O and run in microseconds.
 */
public final class ProxyPool<P> {

  /** How a proxy is chosen for a request. */
  public enum Rotation {
    ROUND_ROBIN,
    RANDOM,
    STICKY_HOST;

    /**
     * The rotation {@code text} names ({@code round-robin}, {@code random} or {@code sticky-host},
     * in any case), or null when it names none.
     */
    public static Rotation of(String text) {
      String option = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
      for (Rotation rotation : values()) {
        if (rotation.option().equals(option)) {
          return rotation;
        }
      }
      return null;
    }

    /** The option value: {@code round-robin}, {@code random}, {@code sticky-host}. */
    public String option() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final List<P> proxies;
  private final Rotation rotation;
  private final int failureThreshold;
  private final long cooldownMillis;
  private final LongSupplier clockMillis;

  /** Given a bound n, a number in [0, n). */
  private final IntUnaryOperator random;

  /** Guarded by this: consecutive failures and bench end (clock millis, 0 = not benched). */
  private final int[] failures;

  private final long[] benchedUntil;
  private int next;

  public ProxyPool(
      List<P> proxies,
      Rotation rotation,
      int failureThreshold,
      long cooldownMillis,
      LongSupplier clockMillis,
      IntUnaryOperator random) {
    if (proxies.isEmpty()) {
      throw new IllegalArgumentException("a proxy pool needs at least one proxy");
    }
    this.proxies = List.copyOf(proxies);
    this.rotation = rotation;
    this.failureThreshold = failureThreshold;
    this.cooldownMillis = cooldownMillis;
    this.clockMillis = clockMillis;
    this.random = random;
    this.failures = new int[proxies.size()];
    this.benchedUntil = new long[proxies.size()];
  }

  /** The proxy for a request to {@code host}. */
  public synchronized P pick(String host) {
    long now = clockMillis.getAsLong();
    List<Integer> ready = new ArrayList<>(proxies.size());
    for (int i = 0; i < proxies.size(); i++) {
      if (benchedUntil[i] <= now) {
        ready.add(i);
      }
    }
    if (ready.isEmpty()) {
      int soonest = 0;
      for (int i = 1; i < proxies.size(); i++) {
        if (benchedUntil[i] < benchedUntil[soonest]) {
          soonest = i;
        }
      }
      return proxies.get(soonest);
    }
    int index =
        switch (rotation) {
          case ROUND_ROBIN -> ready.get(Math.floorMod(next++, ready.size()));
          case RANDOM -> ready.get(random.applyAsInt(ready.size()));
          case STICKY_HOST -> sticky(host, now);
        };
    return proxies.get(index);
  }

  /** A response came through {@code proxy}: its failure count starts again. */
  public synchronized void succeeded(P proxy) {
    int i = proxies.indexOf(proxy);
    failures[i] = 0;
  }

  /**
   * A connection through {@code proxy} failed; at the threshold the proxy is benched.
   *
   * @return true when this failure benched the proxy
   */
  public synchronized boolean failed(P proxy) {
    int i = proxies.indexOf(proxy);
    failures[i]++;
    if (failures[i] >= failureThreshold) {
      failures[i] = 0;
      benchedUntil[i] = clockMillis.getAsLong() + cooldownMillis;
      return true;
    }
    return false;
  }

  /** True when {@code proxy} sits out a cool-down now. */
  public synchronized boolean benched(P proxy) {
    return benchedUntil[proxies.indexOf(proxy)] > clockMillis.getAsLong();
  }

  /** The host's own proxy, or when that one is benched the next ready one after it. */
  private int sticky(String host, long now) {
    int start = Math.floorMod(host.hashCode(), proxies.size());
    for (int step = 0; step < proxies.size(); step++) {
      int i = (start + step) % proxies.size();
      if (benchedUntil[i] <= now) {
        return i;
      }
    }
    throw new IllegalStateException("no ready proxy, checked by the caller");
  }
}
