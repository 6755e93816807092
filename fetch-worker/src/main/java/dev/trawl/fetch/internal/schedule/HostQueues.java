package dev.trawl.fetch.internal.schedule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * Work waiting to start, in one FIFO queue per host, handed out round-robin across hosts so a host
 * with a million queued URLs cannot starve a host with one, within a global and a per-host limit of
 * started-and-not-released items, and with a minimum delay between two starts of one host.
 *
 * <p>Time is passed in ({@code now}, in {@link System#nanoTime()} units), so the schedule is tested
 * with a controllable clock. A host whose next start is in the future waits outside the rotation;
 * {@link #nextWakeNanos} tells the caller when to ask again. An item may also carry a not-before
 * time (a retry): it waits outside its host's queue until then, holding no slot.
 *
 * <p>Thread-safety: every method is {@code synchronized} on this object. Items are added by the
 * poll thread and by threads scheduling retries, taken by whichever thread dispatches, and released
 * by the thread on which a fetch ends; critical sections are O(log hosts) except {@link #removeIf}.
 *
 * @param <T> the item type
 */
public final class HostQueues<T> {

  /** Hosts whose raised delay (robots Crawl-delay) is remembered after they leave. */
  static final int MAX_REMEMBERED_DELAYS = 10_000;

  private enum State {
    IDLE,
    IN_ROTATION,
    WAITING,
    COOLING
  }

  /** A host's place in a timed queue; stale once the host's state or time changed. */
  private record Timed<T>(Host<T> host, long at) {
    boolean valid(State state) {
      return host.state == state && host.nextStart == at;
    }
  }

  private record Entry<T>(T item, long queuedAt) {}

  private record Delayed<T>(String host, T item, long notBefore, long seq) {}

  /** One host's queue, its count of started items and its next allowed start. */
  private static final class Host<T> {
    final String name;
    final ArrayDeque<Entry<T>> queue = new ArrayDeque<>();
    int inFlight;
    int held;
    State state = State.IDLE;
    long lastStart;
    long nextStart;
    boolean started;

    Host(String name) {
      this.name = name;
    }
  }

  private final int maxInFlight;
  private final int hostMaxInFlight;
  private final long delayNanos;

  /** Hosts with queued items, items in flight, a hold, or a start delay still running. */
  private final Map<String, Host<T>> hosts = new HashMap<>();

  /** Hosts below their limits with queued items and allowed to start now, in round-robin order. */
  private final ArrayDeque<Host<T>> rotation = new ArrayDeque<>();

  /** Hosts that would be in the rotation but for their next start, earliest first. */
  private final PriorityQueue<Timed<T>> waiting =
      new PriorityQueue<>(Comparator.comparingLong(Timed::at));

  /** Idle hosts kept only so their delay still holds for a new item; earliest first. */
  private final PriorityQueue<Timed<T>> cooling =
      new PriorityQueue<>(Comparator.comparingLong(Timed::at));

  /** Items with a not-before time, earliest first (ties in insertion order). */
  private final PriorityQueue<Delayed<T>> delayed =
      new PriorityQueue<>(
          Comparator.<Delayed<T>>comparingLong(Delayed::notBefore).thenComparingLong(Delayed::seq));

  /** Per-host delays raised above the base delay, least recently raised first. */
  private final Map<String, Long> raisedDelays =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
          return size() > MAX_REMEMBERED_DELAYS;
        }
      };

  private int inFlight;
  private int buffered;
  private long seq;

  /** Queues without a delay between starts. */
  public HostQueues(int maxInFlight, int hostMaxInFlight) {
    this(maxInFlight, hostMaxInFlight, 0);
  }

  /** Queues with at least {@code delayNanos} between two starts of one host. */
  public HostQueues(int maxInFlight, int hostMaxInFlight, long delayNanos) {
    if (maxInFlight < 1 || hostMaxInFlight < 1) {
      throw new IllegalArgumentException(
          "limits must be at least 1, were " + maxInFlight + " and " + hostMaxInFlight);
    }
    if (delayNanos < 0) {
      throw new IllegalArgumentException("delay must not be negative, was " + delayNanos);
    }
    this.maxInFlight = maxInFlight;
    this.hostMaxInFlight = hostMaxInFlight;
    this.delayNanos = delayNanos;
  }

  /** Queues {@code item} at the end of {@code host}'s queue; it may start at once. */
  public void add(String host, T item) {
    add(host, item, System.nanoTime());
  }

  /** Queues {@code item} at the end of {@code host}'s queue, noting that it was queued at now. */
  public synchronized void add(String host, T item, long now) {
    Host<T> h = hosts.computeIfAbsent(host, Host::new);
    h.queue.addLast(new Entry<>(item, now));
    buffered++;
    update(h);
  }

  /** Queues {@code item} for {@code host}, to start no earlier than {@code notBefore}. */
  public synchronized void addNotBefore(String host, T item, long notBefore) {
    delayed.add(new Delayed<>(host, item, notBefore, seq++));
    buffered++;
  }

  /** Takes the next item now; for queues without a delay. */
  public T next() {
    return next(System.nanoTime());
  }

  /**
   * Takes the next item in round-robin order and counts it in flight, or returns null when nothing
   * may start at {@code now} (queues empty, the global limit reached, every host with work at its
   * limit, held, or within its delay).
   */
  public synchronized T next(long now) {
    promote(now);
    if (inFlight >= maxInFlight) {
      return null;
    }
    Host<T> h = rotation.pollFirst();
    if (h == null) {
      return null;
    }
    h.state = State.IDLE;
    Entry<T> entry = h.queue.pollFirst();
    buffered--;
    h.inFlight++;
    inFlight++;
    h.started = true;
    h.lastStart = now;
    h.nextStart = now + delayOf(h.name);
    update(h);
    return entry.item();
  }

  /**
   * When the next item may start if nothing is released meanwhile: the earliest end of a host delay
   * or a not-before time; {@link Long#MAX_VALUE} when no such wait exists.
   */
  public synchronized long nextWakeNanos() {
    long wake = Long.MAX_VALUE;
    dropStale();
    if (!waiting.isEmpty()) {
      wake = waiting.peek().at();
    }
    if (!delayed.isEmpty()) {
      wake = Math.min(wake, delayed.peek().notBefore());
    }
    return wake;
  }

  /** Ends one started item of {@code host}, freeing a slot for it and for all hosts. */
  public synchronized void release(String host) {
    Host<T> h = hosts.get(host);
    if (h == null || h.inFlight == 0) {
      throw new IllegalStateException("nothing in flight for host " + host);
    }
    h.inFlight--;
    inFlight--;
    update(h);
  }

  /** Keeps {@code host} from starting anything until {@link #unhold}; holds nest. */
  public synchronized void hold(String host) {
    Host<T> h = hosts.computeIfAbsent(host, Host::new);
    h.held++;
    update(h);
  }

  /** Ends one {@link #hold} of {@code host}. */
  public synchronized void unhold(String host) {
    Host<T> h = hosts.get(host);
    if (h != null && h.held > 0) {
      h.held--;
      update(h);
    }
  }

  /** Raises {@code host}'s delay between starts to {@code delay} nanos; never lowers it. */
  public synchronized void raiseDelay(String host, long delay) {
    if (delay > delayOf(host)) {
      raisedDelays.put(host, delay);
      Host<T> h = hosts.get(host);
      if (h != null && h.started) {
        h.nextStart = h.lastStart + delay;
        if (h.state == State.WAITING) {
          waiting.add(new Timed<>(h, h.nextStart));
        } else if (h.state == State.COOLING) {
          cooling.add(new Timed<>(h, h.nextStart));
        }
      }
    }
  }

  /** The delay between two starts of {@code host}, in nanos. */
  public synchronized long delayOf(String host) {
    Long raised = raisedDelays.get(host);
    return raised == null ? delayNanos : Math.max(raised, delayNanos);
  }

  /** Removes and returns every queued or delayed (not started) item matching {@code filter}. */
  public synchronized List<T> removeIf(Predicate<? super T> filter) {
    List<T> removed = new ArrayList<>();
    for (Iterator<Delayed<T>> it = delayed.iterator(); it.hasNext(); ) {
      Delayed<T> d = it.next();
      if (filter.test(d.item())) {
        it.remove();
        removed.add(d.item());
      }
    }
    for (Host<T> h : List.copyOf(hosts.values())) {
      for (Iterator<Entry<T>> items = h.queue.iterator(); items.hasNext(); ) {
        T item = items.next().item();
        if (filter.test(item)) {
          items.remove();
          removed.add(item);
        }
      }
      update(h);
    }
    buffered -= removed.size();
    return removed;
  }

  /** The most items started and not released at once, all hosts together. */
  public int maxInFlight() {
    return maxInFlight;
  }

  /** Items started and not released, all hosts together. */
  public synchronized int inFlight() {
    return inFlight;
  }

  /** Items queued or delayed and not started. */
  public synchronized int buffered() {
    return buffered;
  }

  /** Hosts with queued, started, held or recently started items. */
  public synchronized int hosts() {
    return hosts.size();
  }

  /** Hosts with at least one queued item. */
  public synchronized int hostsWithWork() {
    int count = 0;
    for (Host<T> h : hosts.values()) {
      if (!h.queue.isEmpty()) {
        count++;
      }
    }
    return count;
  }

  /** How long the oldest queued item has waited at {@code now}, in nanos; 0 when none waits. */
  public synchronized long oldestWaitNanos(long now) {
    long oldest = 0;
    for (Host<T> h : hosts.values()) {
      Entry<T> head = h.queue.peekFirst();
      if (head != null) {
        oldest = Math.max(oldest, now - head.queuedAt());
      }
    }
    return oldest;
  }

  /**
   * Moves due delayed items to the front of their queue, and hosts past their delay to rotation.
   */
  private void promote(long now) {
    while (!delayed.isEmpty() && delayed.peek().notBefore() - now <= 0) {
      Delayed<T> d = delayed.poll();
      Host<T> h = hosts.computeIfAbsent(d.host(), Host::new);
      h.queue.addFirst(new Entry<>(d.item(), d.notBefore()));
      update(h);
    }
    while (!waiting.isEmpty() && waiting.peek().at() - now <= 0) {
      Timed<T> t = waiting.poll();
      if (t.valid(State.WAITING)) {
        t.host().state = State.IN_ROTATION;
        rotation.addLast(t.host());
      }
    }
    while (!cooling.isEmpty() && cooling.peek().at() - now <= 0) {
      Timed<T> t = cooling.poll();
      if (t.valid(State.COOLING)) {
        hosts.remove(t.host().name);
      }
    }
  }

  /** Drops stale entries at the head of the waiting queue. */
  private void dropStale() {
    while (!waiting.isEmpty() && !waiting.peek().valid(State.WAITING)) {
      waiting.poll();
    }
  }

  /**
   * Puts {@code h} where it belongs. Invariant: a host is in the rotation or waiting iff it has
   * queued items, is below its limit and is not held; it waits when it has a delay and has started
   * before (until {@link #promote} sees its next start pass). A host with nothing queued, started
   * or held is forgotten, after its delay when it has one (cooling meanwhile).
   */
  private void update(Host<T> h) {
    boolean eligible = !h.queue.isEmpty() && h.inFlight < hostMaxInFlight && h.held == 0;
    if (!eligible) {
      if (h.state == State.IN_ROTATION) {
        rotation.remove(h);
      }
      boolean idle = h.queue.isEmpty() && h.inFlight == 0 && h.held == 0;
      if (idle && h.started && delayOf(h.name) > 0) {
        if (h.state != State.COOLING) {
          h.state = State.COOLING;
          cooling.add(new Timed<>(h, h.nextStart));
        }
      } else if (idle) {
        h.state = State.IDLE;
        hosts.remove(h.name);
      } else {
        h.state = State.IDLE;
      }
      return;
    }
    if (h.state == State.IN_ROTATION || h.state == State.WAITING) {
      return;
    }
    if (h.started && delayOf(h.name) > 0) {
      h.state = State.WAITING;
      waiting.add(new Timed<>(h, h.nextStart));
    } else {
      h.state = State.IN_ROTATION;
      rotation.addLast(h);
    }
  }
}
