package dev.trawl.producer.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Remembers which strings were seen, by a 64-bit fingerprint (the first 8 bytes of their SHA-256)
 * in an open-addressing table: 8 to 16 bytes per distinct string instead of the ~150 a {@code
 * HashSet<String>} of URLs needs, so 10 million URLs fit in at most 160 MiB. Two distinct strings
 * share a fingerprint with probability about n²/2⁶⁵ (3 in a million for 10 million URLs), in which
 * case the second is wrongly taken for a duplicate. Not thread-safe: one per batch; {@link
 * #fingerprint(String)} is, so fingerprints can be computed on other threads.
 */
public final class FingerprintSet {

  /** Marks a free slot; a real fingerprint of 0 is stored as {@link #ZERO_STAND_IN}. */
  private static final long FREE = 0L;

  private static final long ZERO_STAND_IN = 0x9E3779B97F4A7C15L;

  /** One digest per thread (a digest is not thread-safe, and costly to look up each time). */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(FingerprintSet::sha256);

  private long[] slots = new long[1024];
  private int size;

  /** Adds {@code value}; returns false when it (or a string with its fingerprint) was seen. */
  public boolean add(String value) {
    return add(fingerprint(value));
  }

  /** Adds a string by its {@link #fingerprint(String)}; returns false when it was seen. */
  public boolean add(long fingerprint) {
    if ((size + 1) * 4L > slots.length * 3L) {
      grow();
    }
    if (!insert(slots, fingerprint)) {
      return false;
    }
    size++;
    return true;
  }

  public int size() {
    return size;
  }

  private static boolean insert(long[] table, long fingerprint) {
    int mask = table.length - 1;
    int i = (int) fingerprint & mask;
    while (table[i] != FREE) {
      if (table[i] == fingerprint) {
        return false;
      }
      i = (i + 1) & mask;
    }
    table[i] = fingerprint;
    return true;
  }

  private void grow() {
    long[] old = slots;
    long[] bigger = new long[old.length * 2];
    for (long fingerprint : old) {
      if (fingerprint != FREE) {
        insert(bigger, fingerprint);
      }
    }
    slots = bigger;
  }

  /** The fingerprint of {@code value} (never {@link #FREE}); thread-safe. */
  public static long fingerprint(String value) {
    byte[] digest = SHA_256.get().digest(value.getBytes(StandardCharsets.UTF_8));
    long fingerprint = 0;
    for (int i = 0; i < Long.BYTES; i++) {
      fingerprint = (fingerprint << 8) | (digest[i] & 0xFF);
    }
    return fingerprint == FREE ? ZERO_STAND_IN : fingerprint;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
