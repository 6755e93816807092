package dev.trawl.local;

/** Defaults shared by the local commands. */
final class LocalDefaults {

  /** Content limit of local runs; the topics are sized for it. */
  static final int CONTENT_LIMIT_BYTES = 2 * 1024 * 1024;

  private LocalDefaults() {}
}
