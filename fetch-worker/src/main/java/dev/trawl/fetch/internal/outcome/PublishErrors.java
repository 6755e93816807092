package dev.trawl.fetch.internal.outcome;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The one place that says what a failed publish means, by exception type, never by message text:
 * whether sending the same record again can succeed.
 */
public final class PublishErrors {

  /** What a failed publish means for its record. */
  public enum Kind {
    /**
     * The broker is down, a leader is moving, replicas are missing, the producer timed out
     * (delivery.timeout.ms): Kafka's {@link RetriableException} family. Sent again after a backoff.
     */
    TRANSIENT,
    /**
     * This record can never be stored (too large, not serialisable, invalid): it is replaced by its
     * smallest form.
     */
    REFUSED,
    /** Anything else (authorisation, a closed or broken producer): no resend cures it. */
    FATAL
  }

  /** Exception types and their kind, in order; a subclass comes before its superclass. */
  private static final Map<Class<? extends Throwable>, Kind> KINDS = new LinkedHashMap<>();

  static {
    KINDS.put(RecordTooLargeException.class, Kind.REFUSED);
    KINDS.put(RecordBatchTooLargeException.class, Kind.REFUSED);
    KINDS.put(InvalidRecordException.class, Kind.REFUSED);
    KINDS.put(SerializationException.class, Kind.REFUSED);
    KINDS.put(RetriableException.class, Kind.TRANSIENT);
  }

  /** How deep the cause chain is searched. */
  private static final int MAX_CAUSES = 8;

  private PublishErrors() {}

  /** What {@code failure} (or the first of its causes with a known type) means; else FATAL. */
  public static Kind of(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
      for (Map.Entry<Class<? extends Throwable>, Kind> kind : KINDS.entrySet()) {
        if (kind.getKey().isInstance(cause)) {
          return kind.getValue();
        }
      }
      cause = cause.getCause();
    }
    return Kind.FATAL;
  }
}
