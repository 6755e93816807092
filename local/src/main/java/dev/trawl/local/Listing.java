package dev.trawl.local;

import java.util.HashMap;
import java.util.Map;

/**
 * Where each published URL was listed in the input: its line and its text there, so that output
 * lines name the URL as listed and duplicate lines name the first listing. Used by one thread (the
 * run's publishing and then monitoring thread).
 */
final class Listing {

  private final Map<String, Long> lineOf = new HashMap<>();
  private final Map<String, String> listedAs = new HashMap<>();

  /** {@code url} (in normal form) was published from line {@code line}, listed as {@code text}. */
  void accepted(long line, String text, String url) {
    lineOf.putIfAbsent(url, line);
    String listed = text.strip();
    if (!listed.equals(url)) {
      listedAs.putIfAbsent(url, listed);
    }
  }

  /** The line that listed {@code url} first, or null for a URL that was not listed (a link). */
  Long line(String url) {
    return lineOf.get(url);
  }

  /** {@code url} as it was listed, or null when it was listed as it is (or not at all). */
  String listedAs(String url) {
    return listedAs.get(url);
  }
}
