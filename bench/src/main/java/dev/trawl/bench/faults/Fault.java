package dev.trawl.bench.faults;

import java.util.List;
import java.util.Locale;

/**
 * A fault done to the fleet once the crawl has reached a share of its URLs: a fetch or process
 * worker killed with SIGKILL and started again, or the broker stopped and started again on the same
 * port and data.
 *
 * @param at share of the crawl's URLs with an outcome (of those within its depth on the site)
 * @param kind what is done
 * @param worker index of the worker in its fleet (0 for the broker)
 */
record Fault(double at, Kind kind, int worker) {

  enum Kind {
    KILL_FETCH_WORKER,
    KILL_PROCESS_WORKER,
    RESTART_BROKER
  }

  /**
   * The plan: three SIGKILLs of fetch workers (three different ones when there are three),
   * one of a process worker and one broker restart, spread over the crawl.
   */
  static List<Fault> plan(int fetchWorkers) {
    return List.of(
        new Fault(0.10, Kind.KILL_FETCH_WORKER, 0),
        new Fault(0.25, Kind.KILL_FETCH_WORKER, 1 % fetchWorkers),
        new Fault(0.40, Kind.KILL_PROCESS_WORKER, 0),
        new Fault(0.55, Kind.RESTART_BROKER, 0),
        new Fault(0.70, Kind.KILL_FETCH_WORKER, 2 % fetchWorkers));
  }

  String describe() {
    return switch (kind) {
      case KILL_FETCH_WORKER -> "SIGKILL fetch-" + (worker + 1) + ", restart";
      case KILL_PROCESS_WORKER -> "SIGKILL process-" + (worker + 1) + ", restart";
      case RESTART_BROKER -> "broker stop (SIGTERM), restart on its port and data";
    };
  }

  /**
   * What happened: when, to what, what the victim held (fetch workers only, NaN otherwise) and how
   * long until it was ready again (NaN if it never was).
   */
  record Done(
      Fault fault,
      double atSeconds,
      double inFlight,
      double buffered,
      double waiting,
      double uncommitted,
      double downSeconds,
      double readyAfterSeconds) {

    Done withReadyAfter(double seconds) {
      return new Done(
          fault, atSeconds, inFlight, buffered, waiting, uncommitted, downSeconds, seconds);
    }

    String[] cells() {
      return new String[] {
        String.format(Locale.ROOT, "%.0f%%", 100 * fault.at()),
        String.format(Locale.ROOT, "%.1f", atSeconds),
        fault.describe(),
        number(inFlight),
        number(buffered),
        number(waiting),
        number(uncommitted),
        String.format(Locale.ROOT, "%.1f", downSeconds),
        Double.isNaN(readyAfterSeconds)
            ? "never"
            : String.format(Locale.ROOT, "%.1f", readyAfterSeconds)
      };
    }

    private static String number(double value) {
      return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,.0f", value);
    }
  }
}
