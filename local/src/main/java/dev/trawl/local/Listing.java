package dev.trawl.local;

import com.carrotsearch.hppc.LongLongHashMap;
import com.carrotsearch.hppc.LongObjectHashMap;
import dev.trawl.runtime.crawl.FingerprintSet;

/**
 * Where each published URL was listed in the input: its line and its text there, so that output
 * lines name the URL as listed and duplicate lines name the first listing. URLs are kept by their
 * {@link FingerprintSet#fingerprint fingerprint}, a line in 16 to 32 bytes; the text only for a URL
 * listed otherwise than in its normal form. Used by one thread (the run's publishing and then
 * monitoring thread).
 */
final class Listing {

  private final LongLongHashMap lineOf = new LongLongHashMap();
  private final LongObjectHashMap<String> listedAs = new LongObjectHashMap<>();

  /** {@code url} (in normal form) was published from line {@code line}, listed as {@code text}. */
  void accepted(long line, String text, String url) {
    long fingerprint = FingerprintSet.fingerprint(url);
    lineOf.putIfAbsent(fingerprint, line);
    String listed = text.strip();
    if (!listed.equals(url) && !listedAs.containsKey(fingerprint)) {
      listedAs.put(fingerprint, listed);
    }
  }

  /** The line that listed {@code url} first, or null for a URL that was not listed (a link). */
  Long line(String url) {
    long fingerprint = FingerprintSet.fingerprint(url);
    return lineOf.containsKey(fingerprint) ? lineOf.get(fingerprint) : null;
  }

  /** {@code url} as it was listed, or null when it was listed as it is (or not at all). */
  String listedAs(String url) {
    return listedAs.get(FingerprintSet.fingerprint(url));
  }
}
