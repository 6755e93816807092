package dev.trawl.runtime.crawl;

import com.carrotsearch.hppc.LongHashSet;
import com.carrotsearch.hppc.cursors.LongCursor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Remembers which strings were seen, by a 64-bit fingerprint (the first 8 bytes of their SHA-256)
 * in a primitive set, HPPC's {@link LongHashSet}: a table of longs at most three-quarters full, so
 * 11 to 22 bytes per distinct string instead of the ~150 a {@code HashSet<String>} of URLs needs
 * (10 million URLs take 128 MiB). Two distinct strings share a fingerprint with probability about
 * n²/2⁶⁵ (3 in a million for 10 million URLs), in which case the second is wrongly taken for a
 * duplicate (or, where a set tells what has arrived, as arrived). Not thread-safe: one per batch or
 * run; {@link #fingerprint(String)} is, so fingerprints can be computed on other threads.
 */
public final class FingerprintSet {

  /** One digest per thread (a digest is not thread-safe, and costly to look up each time). */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(FingerprintSet::sha256);

  private final LongHashSet fingerprints = new LongHashSet();

  /** Adds {@code value}; returns false when it (or a string with its fingerprint) was seen. */
  public boolean add(String value) {
    return add(fingerprint(value));
  }

  /** Adds a string by its {@link #fingerprint(String)}; returns false when it was seen. */
  public boolean add(long fingerprint) {
    return fingerprints.add(fingerprint);
  }

  /** Adds every fingerprint of {@code other}. */
  public void addAll(FingerprintSet other) {
    fingerprints.addAll(other.fingerprints);
  }

  /** Whether every fingerprint of {@code other} is here; stops at the first that is not. */
  public boolean containsAll(FingerprintSet other) {
    for (LongCursor cursor : other.fingerprints) {
      if (!fingerprints.contains(cursor.value)) {
        return false;
      }
    }
    return true;
  }

  /** How many fingerprints of {@code other} are not here. */
  public long missingFrom(FingerprintSet other) {
    long missing = 0;
    for (LongCursor cursor : other.fingerprints) {
      missing += fingerprints.contains(cursor.value) ? 0 : 1;
    }
    return missing;
  }

  public int size() {
    return fingerprints.size();
  }

  /** The fingerprint of {@code value}: the first 8 bytes of its UTF-8 SHA-256; thread-safe. */
  public static long fingerprint(String value) {
    byte[] digest = SHA_256.get().digest(value.getBytes(StandardCharsets.UTF_8));
    long fingerprint = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      fingerprint = (fingerprint << 8) | (digest[i] & 0xFF);
    }
    return fingerprint;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
