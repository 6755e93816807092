package dev.trawl.process.internal;

import dev.trawl.schemas.AvroSerde;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchRequest;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of the process worker's internal repartition topic. A record is the byte {@value #FORMAT},
 * then crawl id, link depth, max depth, scope, referrer (nullable) and the settled and link URLs,
 * with strings as length-prefixed UTF-8. It still reads the earlier format, one URL per record (a
 * kind byte, 0 link or 1 outcome, then the request in Avro single-object encoding), so that an
 * upgrade does not lose the sightings left in the topic. Stateless and thread-safe.
 */
public final class HostSightingsSerde
    implements Serde<HostSightings>, Serializer<HostSightings>, Deserializer<HostSightings> {

  /** The first byte of the current format; 0 and 1 began the earlier one. */
  static final byte FORMAT = 2;

  private static final CrawlScope[] SCOPES = CrawlScope.values();

  private final AvroSerde<FetchRequest> legacyRequests = AvroSerde.of(FetchRequest.class);

  @Override
  public byte[] serialize(String topic, HostSightings sightings) {
    if (sightings == null) {
      return null;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(FORMAT);
      writeString(out, sightings.crawlId());
      out.writeInt(sightings.linkDepth());
      out.writeInt(sightings.maxDepth());
      out.writeByte(sightings.scope().ordinal());
      out.writeBoolean(sightings.referrer() != null);
      if (sightings.referrer() != null) {
        writeString(out, sightings.referrer());
      }
      writeStrings(out, sightings.settled());
      writeStrings(out, sightings.links());
    } catch (IOException e) {
      throw new UncheckedIOException("a byte array cannot fail", e);
    }
    return bytes.toByteArray();
  }

  @Override
  public HostSightings deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    if (bytes.length >= 2 && (bytes[0] == 0 || bytes[0] == 1)) {
      return legacy(topic, bytes);
    }
    if (bytes.length < 2 || bytes[0] != FORMAT) {
      throw new SerializationException("not HostSightings in topic " + topic);
    }
    try (DataInputStream in =
        new DataInputStream(new java.io.ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
      String crawlId = readString(in);
      int linkDepth = in.readInt();
      int maxDepth = in.readInt();
      int scope = in.readUnsignedByte();
      if (scope >= SCOPES.length) {
        throw new SerializationException("unknown scope " + scope + " in topic " + topic);
      }
      String referrer = in.readBoolean() ? readString(in) : null;
      List<String> settled = readStrings(in);
      List<String> links = readStrings(in);
      return new HostSightings(
          crawlId, settled, links, linkDepth, maxDepth, SCOPES[scope], referrer);
    } catch (IOException | RuntimeException e) {
      if (e instanceof SerializationException known) {
        throw known;
      }
      throw new SerializationException("not HostSightings in topic " + topic, e);
    }
  }

  /** One URL of the earlier format: a link to follow, or a URL with an outcome. */
  private HostSightings legacy(String topic, byte[] bytes) {
    FetchRequest request =
        legacyRequests.deserialize(topic, Arrays.copyOfRange(bytes, 1, bytes.length));
    boolean link = bytes[0] == 0;
    return new HostSightings(
        request.getCrawlId(),
        link ? List.of() : List.of(request.getUrl()),
        link ? List.of(request.getUrl()) : List.of(),
        request.getDepth(),
        request.getMaxDepth(),
        request.getScope(),
        request.getReferrer());
  }

  private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
    out.writeInt(values.size());
    for (String value : values) {
      writeString(out, value);
    }
  }

  private static void writeString(DataOutputStream out, String value) throws IOException {
    byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static List<String> readStrings(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > in.available()) {
      throw new IOException("bad count " + count);
    }
    List<String> values = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      values.add(readString(in));
    }
    return values;
  }

  private static String readString(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IOException("bad length " + length);
    }
    byte[] utf8 = new byte[length];
    in.readFully(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}

  @Override
  public Serializer<HostSightings> serializer() {
    return this;
  }

  @Override
  public Deserializer<HostSightings> deserializer() {
    return this;
  }
}
