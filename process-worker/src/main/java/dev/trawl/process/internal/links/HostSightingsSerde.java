package dev.trawl.process.internal.links;

import dev.trawl.schemas.AvroSerde;
import dev.trawl.schemas.HostSightings;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of the process worker's repartition topic {@code url-sightings-by-host}: writes {@link
 * HostSightings} in Avro single-object encoding ({@link AvroSerde}), and reads those as well as
 * records of the formats written before ({@link LegacySightingsReader}), told apart by their first
 * byte. Thread-safe.
 */
public final class HostSightingsSerde implements Serde<HostSightings>, Deserializer<HostSightings> {

  /** The first byte of Avro single-object encoding (0xC3 0x01, then the schema fingerprint). */
  private static final byte AVRO = (byte) 0xC3;

  private final AvroSerde<HostSightings> avro = AvroSerde.of(HostSightings.class);

  @Override
  public HostSightings deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length > 0 && bytes[0] == AVRO) {
      return avro.deserialize(topic, bytes);
    }
    if (LegacySightingsReader.canRead(bytes)) {
      return LegacySightingsReader.read(topic, bytes);
    }
    throw new SerializationException(
        "cannot read a HostSightings from topic "
            + topic
            + ": "
            + (bytes.length == 0
                ? "no bytes"
                : String.format("unknown format, first byte 0x%02X", bytes[0])));
  }

  @Override
  public Serializer<HostSightings> serializer() {
    return avro;
  }

  @Override
  public Deserializer<HostSightings> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
