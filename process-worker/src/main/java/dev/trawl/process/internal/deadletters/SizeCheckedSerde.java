package dev.trawl.process.internal.deadletters;

import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A serde whose serializer refuses values longer than their topic's {@link RecordLimits} ({@link
 * OversizedRecordException}). Kafka Streams hands a record refused this way to the production
 * exception handler before the producer has seen it, so the record goes to the dead-letter topic in
 * the open transaction, which still commits. A record the producer or the broker refuses instead
 * (RecordTooLargeException in the send callback) leaves an exactly-once transaction unable to
 * commit whatever the handler answers. Thread-safe when the wrapped serde is.
 *
 * @param <T> the values' type
 */
public final class SizeCheckedSerde<T> implements Serde<T> {

  private final Serde<T> serde;
  private final RecordLimits limits;
  private final Serializer<T> serializer = new Checked();

  private SizeCheckedSerde(Serde<T> serde, RecordLimits limits) {
    this.serde = serde;
    this.limits = limits;
  }

  /** {@code serde}, with values over their topic's limit refused when serialised. */
  public static <T> Serde<T> of(Serde<T> serde, RecordLimits limits) {
    return new SizeCheckedSerde<>(serde, limits);
  }

  @Override
  public Serializer<T> serializer() {
    return serializer;
  }

  @Override
  public Deserializer<T> deserializer() {
    return serde.deserializer();
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {
    serde.configure(configs, isKey);
  }

  @Override
  public void close() {
    serde.close();
  }

  private final class Checked implements Serializer<T> {
    @Override
    public byte[] serialize(String topic, T data) {
      return checked(topic, serde.serializer().serialize(topic, data));
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
      return checked(topic, serde.serializer().serialize(topic, headers, data));
    }

    private byte[] checked(String topic, byte[] bytes) {
      int maxBytes = limits.maxBytes(topic);
      if (bytes != null && bytes.length > maxBytes) {
        throw new OversizedRecordException(topic, bytes.length, maxBytes);
      }
      return bytes;
    }
  }
}
