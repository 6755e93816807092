package dev.trawl.process.internal.deadletters;

import org.apache.kafka.common.errors.RecordTooLargeException;

/**
 * A record value longer than the worker writes to its topic ({@link RecordLimits}: {@code
 * --max-record-bytes}, or less where the broker refused less), refused while it is serialised,
 * before the producer has seen it.
 */
public final class OversizedRecordException extends RecordTooLargeException {

  private static final long serialVersionUID = 1L;

  private final int bytes;

  /** A value of {@code bytes} for {@code topic}, over {@code maxBytes}. */
  public OversizedRecordException(String topic, int bytes, int maxBytes) {
    super(
        "a record value of "
            + bytes
            + " bytes for "
            + topic
            + " is over the limit of "
            + maxBytes
            + " bytes");
    this.bytes = bytes;
  }

  /** The length of the refused value. */
  public int bytes() {
    return bytes;
  }
}
