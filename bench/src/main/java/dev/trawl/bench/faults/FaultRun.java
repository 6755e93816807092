package dev.trawl.bench.faults;

import dev.trawl.bench.roles.PromText;
import dev.trawl.bench.roles.RoleProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Follows one crawl through its output topics while doing the planned faults to the fleet, until
 * every URL the crawl expects has an outcome, the statistics have counted every outcome and both
 * groups have committed all there is; or until the deadline. A worker that exits on its own is
 * recorded and started again, so that the crawl can still end.
 */
final class FaultRun {

  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration RESTART_DELAY =
      Duration.ofMillis(Long.getLong("faults.restartDelayMs", 2_000));
  private static final Duration BUSY_WAIT =
      Duration.ofMillis(Long.getLong("faults.busyWaitMs", 20_000));
  private static final Duration BROKER_DOWN =
      Duration.ofMillis(Long.getLong("faults.brokerDownMs", 5_000));

  /** What the run saw: its faults, exits nobody asked for, and how long the crawl took. */
  record Result(
      List<Fault.Done> faults, List<String> unplannedExits, double seconds, boolean complete) {}

  private final Fleet fleet;
  private final CrawlLedger ledger;
  private final TopicFeed feed;
  private final GroupOffsets groups;
  private final int reach;
  private final List<Fault> plan;
  private final List<Fault.Done> done = new ArrayList<>();
  private final List<String> unplannedExits = new ArrayList<>();

  /** Restarted roles not yet back at work: role to the index of its fault in {@link #done}. */
  private final Map<RoleProcess, Integer> recovering = new HashMap<>();

  private long start;

  FaultRun(
      Fleet fleet,
      CrawlLedger ledger,
      TopicFeed feed,
      GroupOffsets groups,
      int reach,
      List<Fault> plan) {
    this.fleet = fleet;
    this.ledger = ledger;
    this.feed = feed;
    this.groups = groups;
    this.reach = reach;
    this.plan = plan;
  }

  Result run(Duration timeout) throws IOException, InterruptedException {
    start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    long nextReport = start;
    while (System.nanoTime() - deadline < 0) {
      feed.poll(POLL, ledger::accept);
      int settled = ledger.settled().size();
      if (done.size() < plan.size() && settled >= plan.get(done.size()).at() * reach) {
        inflict(plan.get(done.size()));
      }
      watchWorkers();
      if (System.nanoTime() - nextReport > 0) {
        System.err.printf(
            Locale.ROOT,
            "%6.1f s: %,d of %,d expected URLs have an outcome (%,d records, %,d counted by the"
                + " statistics), %d of %d faults done%n",
            seconds(),
            settled,
            ledger.expected().size(),
            ledger.outcomeRecords(),
            ledger.countedByStats(),
            done.size(),
            plan.size());
        nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      }
      if (done.size() == plan.size() && recovering.isEmpty() && finished()) {
        return new Result(done, unplannedExits, seconds(), true);
      }
    }
    return new Result(done, unplannedExits, seconds(), false);
  }

  private boolean finished() {
    return ledger.missing().isEmpty()
        && ledger.countedByStats() == ledger.outcomeRecords()
        && groups.caughtUp(ledger.lastForwardedOffsets());
  }

  private void inflict(Fault fault) throws IOException, InterruptedException {
    double at = seconds();
    System.err.printf(Locale.ROOT, "%6.1f s: %s%n", at, fault.describe());
    switch (fault.kind()) {
      case KILL_FETCH_WORKER -> killFetchWorker(fault, at);
      case KILL_PROCESS_WORKER -> killProcessWorker(fault, at);
      case RESTART_BROKER -> restartBroker(fault, at);
    }
  }

  private void killFetchWorker(Fault fault, double at) throws IOException, InterruptedException {
    RoleProcess victim = fleet.fetchers().get(fault.worker());
    // Scraped the moment before the kill: what it may have done that a restart repeats. A kill
    // that finds the victim idle proves little, so it waits (a while) for the victim to hold work.
    long deadline = System.nanoTime() + BUSY_WAIT.toNanos();
    PromText held = victim.metrics();
    while (busy(held) == 0 && System.nanoTime() - deadline < 0) {
      Thread.sleep(20);
      held = victim.metrics();
    }
    victim.kill();
    double killed = seconds();
    keep(held, victim.name() + "-at-kill-" + (done.size() + 1));
    long uncommitted = Uncommitted.of(held, groups.committedOrEmpty(GroupOffsets.FETCH_GROUP));
    Thread.sleep(RESTART_DELAY.toMillis());
    victim.start();
    done.add(
        new Fault.Done(
            fault,
            at,
            held.sum("trawl_fetch_in_flight"),
            held.sum("trawl_fetch_buffered"),
            held.sum("trawl_fetch_outcomes_waiting"),
            held.isEmpty() ? Double.NaN : uncommitted,
            seconds() - killed,
            Double.NaN));
    recovering.put(victim, done.size() - 1);
  }

  private void killProcessWorker(Fault fault, double at) throws IOException, InterruptedException {
    RoleProcess victim = fleet.processors().get(fault.worker());
    victim.kill();
    double killed = seconds();
    Thread.sleep(RESTART_DELAY.toMillis());
    victim.start();
    done.add(unmeasured(fault, at, seconds() - killed));
    recovering.put(victim, done.size() - 1);
  }

  private void restartBroker(Fault fault, double at) throws IOException, InterruptedException {
    Map<TopicPartition, Long> committed = groups.committedOrEmpty(GroupOffsets.FETCH_GROUP);
    fleet.broker().stop(Duration.ofSeconds(60));
    double stopped = seconds();
    // With the broker down no worker polls or commits: what each holds beyond its group's
    // commits is what a rebalance after the restart could deliver again.
    long uncommitted = 0;
    boolean measured = true;
    for (RoleProcess fetcher : fleet.fetchers()) {
      PromText held = fetcher.metrics();
      keep(held, fetcher.name() + "-at-broker-stop");
      measured &= !held.isEmpty();
      uncommitted += Uncommitted.of(held, committed);
    }
    Thread.sleep(BROKER_DOWN.toMillis());
    fleet.startBroker();
    double down = seconds() - stopped;
    done.add(
        new Fault.Done(
                fault,
                at,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                measured ? uncommitted : Double.NaN,
                down,
                Double.NaN)
            .withReadyAfter(seconds() - at));
  }

  /** Keeps a scrape beside the logs, as the evidence behind the duplicate bound. */
  private void keep(PromText scrape, String name) throws IOException {
    Files.writeString(fleet.dir().resolve(name + ".prom"), scrape.text());
  }

  /** Requests the scraped fetch worker holds: buffered, in flight or waiting for Kafka. */
  private static double busy(PromText scrape) {
    return scrape.sum("trawl_fetch_in_flight")
        + scrape.sum("trawl_fetch_buffered")
        + scrape.sum("trawl_fetch_outcomes_waiting");
  }

  private static Fault.Done unmeasured(Fault fault, double at, double down) {
    return new Fault.Done(
        fault, at, Double.NaN, Double.NaN, Double.NaN, Double.NaN, down, Double.NaN);
  }

  /** Notes restarted workers back at work, and restarts (and records) any that exited. */
  private void watchWorkers() throws IOException {
    for (RoleProcess worker : fleet.workers()) {
      if (!worker.alive()) {
        String exit =
            String.format(
                Locale.ROOT,
                "%s exited on its own with %s at %.1f s (see %s)",
                worker.name(),
                worker.exitCode(),
                seconds(),
                worker.log());
        System.err.println(exit);
        unplannedExits.add(exit);
        worker.start();
      }
    }
    recovering
        .entrySet()
        .removeIf(
            e -> {
              if (!atWork(e.getKey())) {
                return false;
              }
              Fault.Done fault = done.get(e.getValue());
              done.set(e.getValue(), fault.withReadyAfter(seconds() - fault.atSeconds()));
              return true;
            });
  }

  /** Ready, and for a fetch worker, holding partitions again. */
  private boolean atWork(RoleProcess worker) {
    if (!worker.ready()) {
      return false;
    }
    if (!fleet.fetchers().contains(worker)) {
      return true;
    }
    return worker.metrics().sum("kafka_consumer_coordinator_assigned_partitions") > 0;
  }

  private double seconds() {
    return (System.nanoTime() - start) / 1e9;
  }
}
