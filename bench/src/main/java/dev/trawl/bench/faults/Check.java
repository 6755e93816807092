package dev.trawl.bench.faults;

/** One verdict of a benchmark: what was checked, whether it held, and the figures behind it. */
record Check(String what, boolean held, String figures) {

  String[] cells() {
    return new String[] {what, held ? "yes" : "**NO**", figures};
  }
}
