package dev.trawl.process.internal;

import dev.trawl.schemas.AvroSerde;
import dev.trawl.schemas.FetchRequest;
import java.util.Arrays;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of the process worker's internal repartition topic: one byte for the {@link
 * UrlSighting.Kind}, then the request in Avro single-object encoding. Stateless and thread-safe.
 */
public final class UrlSightingSerde
    implements Serde<UrlSighting>, Serializer<UrlSighting>, Deserializer<UrlSighting> {

  private static final UrlSighting.Kind[] KINDS = UrlSighting.Kind.values();

  private final AvroSerde<FetchRequest> requests = AvroSerde.of(FetchRequest.class);

  @Override
  public byte[] serialize(String topic, UrlSighting sighting) {
    if (sighting == null) {
      return null;
    }
    byte[] request = requests.serialize(topic, sighting.request());
    byte[] bytes = new byte[request.length + 1];
    bytes[0] = (byte) sighting.kind().ordinal();
    System.arraycopy(request, 0, bytes, 1, request.length);
    return bytes;
  }

  @Override
  public UrlSighting deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length < 2 || bytes[0] < 0 || bytes[0] >= KINDS.length) {
      throw new SerializationException("not a UrlSighting in topic " + topic);
    }
    FetchRequest request = requests.deserialize(topic, Arrays.copyOfRange(bytes, 1, bytes.length));
    return new UrlSighting(KINDS[bytes[0]], request);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}

  @Override
  public Serializer<UrlSighting> serializer() {
    return this;
  }

  @Override
  public Deserializer<UrlSighting> deserializer() {
    return this;
  }
}
