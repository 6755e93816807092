package dev.trawl.bench.fleet;

import java.util.List;

/**
 * Where a thread's CPU time goes in a crawl, told by the thread's name. Stream threads do both
 * parsing and aggregation; JFR samples split their time between the two ({@link ParseShare}).
 */
enum Stage {
  FETCH("fetch (HTTP client, poll, publisher)", "trawl-fetch"),
  PUBLISH("publish URLs (producer's checkers)", "url-checker"),
  RUN("the run itself: publishing, following outcomes (main thread)", "java", "main"),
  CLIENTS(
      "produce and consume (Kafka client I/O)",
      "kafka-producer",
      "kafka-coordinat",
      "kafka-consumer"),
  STREAMS("parse, extract and aggregate (stream threads)", "trawl-process"),
  JIT("JIT compilers", "C1 CompilerThre", "C2 CompilerThre"),
  GC("GC and VM", "GC Thread", "G1 ", "VM Thread", "VM Periodic"),
  BROKER("broker and everything else");

  private final String label;
  private final List<String> prefixes;

  Stage(String label, String... prefixes) {
    this.label = label;
    this.prefixes = List.of(prefixes);
  }

  String label() {
    return label;
  }

  /** The stage of a thread named {@code name}; the broker's threads have too many names to list. */
  static Stage of(String name) {
    for (Stage stage : values()) {
      for (String prefix : stage.prefixes) {
        if (name.startsWith(prefix)) {
          return stage;
        }
      }
    }
    return BROKER;
  }
}
