package dev.trawl.fetch.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Work waiting to start, in one FIFO queue per host, handed out round-robin across hosts so a host
 * with a million queued URLs cannot starve a host with one, within a global and a per-host limit of
 * started-and-not-released items.
 *
 * <p>Thread-safety: every method is {@code synchronized} on this object. Items are added by the
 * poll thread, taken by whichever thread dispatches (the poll thread or the publisher thread), and
 * released by the publisher thread; each critical section is O(1) except {@link #removeIf}.
 *
 * @param <T> the item type
 */
public final class HostQueues<T> {

  /** One host's queue and its count of started items. */
  private static final class Host<T> {
    final String name;
    final ArrayDeque<T> queue = new ArrayDeque<>();
    int inFlight;
    boolean inRotation;

    Host(String name) {
      this.name = name;
    }
  }

  private final int maxInFlight;
  private final int hostMaxInFlight;

  /** Hosts with queued items or items in flight; a host leaves when it has neither. */
  private final Map<String, Host<T>> hosts = new HashMap<>();

  /**
   * Invariant: a host is in the rotation (exactly once) iff it has queued items and is below its
   * in-flight limit.
   */
  private final ArrayDeque<Host<T>> rotation = new ArrayDeque<>();

  private int inFlight;
  private int buffered;

  public HostQueues(int maxInFlight, int hostMaxInFlight) {
    if (maxInFlight < 1 || hostMaxInFlight < 1) {
      throw new IllegalArgumentException(
          "limits must be at least 1, were " + maxInFlight + " and " + hostMaxInFlight);
    }
    this.maxInFlight = maxInFlight;
    this.hostMaxInFlight = hostMaxInFlight;
  }

  /** Queues {@code item} at the end of {@code host}'s queue. */
  public synchronized void add(String host, T item) {
    Host<T> h = hosts.computeIfAbsent(host, Host::new);
    h.queue.addLast(item);
    buffered++;
    updateRotation(h);
  }

  /**
   * Takes the next item in round-robin order and counts it in flight, or returns null when nothing
   * may start now (all queues empty, the global limit reached, or every host with work at its
   * limit).
   */
  public synchronized T next() {
    if (inFlight >= maxInFlight) {
      return null;
    }
    Host<T> h = rotation.pollFirst();
    if (h == null) {
      return null;
    }
    h.inRotation = false;
    T item = h.queue.pollFirst();
    buffered--;
    h.inFlight++;
    inFlight++;
    updateRotation(h);
    return item;
  }

  /** Ends one started item of {@code host}, freeing a slot for it and for all hosts. */
  public synchronized void release(String host) {
    Host<T> h = hosts.get(host);
    if (h == null || h.inFlight == 0) {
      throw new IllegalStateException("nothing in flight for host " + host);
    }
    h.inFlight--;
    inFlight--;
    updateRotation(h);
  }

  /** Removes and returns every queued (not started) item matching {@code filter}. */
  public synchronized List<T> removeIf(Predicate<? super T> filter) {
    List<T> removed = new ArrayList<>();
    for (Iterator<Host<T>> it = hosts.values().iterator(); it.hasNext(); ) {
      Host<T> h = it.next();
      for (Iterator<T> items = h.queue.iterator(); items.hasNext(); ) {
        T item = items.next();
        if (filter.test(item)) {
          items.remove();
          removed.add(item);
        }
      }
      if (h.queue.isEmpty() && h.inRotation) {
        rotation.remove(h);
        h.inRotation = false;
      }
      if (h.queue.isEmpty() && h.inFlight == 0) {
        it.remove();
      }
    }
    buffered -= removed.size();
    return removed;
  }

  /** Items started and not released, all hosts together. */
  public synchronized int inFlight() {
    return inFlight;
  }

  /** Items queued and not started. */
  public synchronized int buffered() {
    return buffered;
  }

  /** Hosts with queued or started items. */
  public synchronized int hosts() {
    return hosts.size();
  }

  private void updateRotation(Host<T> h) {
    boolean eligible = !h.queue.isEmpty() && h.inFlight < hostMaxInFlight;
    if (eligible && !h.inRotation) {
      rotation.addLast(h);
      h.inRotation = true;
    } else if (h.queue.isEmpty() && h.inFlight == 0) {
      hosts.remove(h.name);
    }
  }
}
