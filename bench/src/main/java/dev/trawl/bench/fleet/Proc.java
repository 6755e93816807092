package dev.trawl.bench.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures of a live process from Linux's /proc. */
final class Proc {

  private Proc() {}

  /** Peak resident set size (VmHWM) in KiB, or 0 once the process has exited. */
  static long peakRssKib(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException e) {
      // Exited: the last value read stands.
    }
    return 0;
  }
}
