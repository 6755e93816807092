package dev.trawl.process.internal.links;

import dev.trawl.schemas.AvroSerde;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.HostSightings;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;

/**
 * Reads the records that the repartition topic {@code url-sightings-by-host} held before {@link
 * HostSightings} was an Avro record, so that an upgrade does not lose the sightings in flight:
 *
 * <ul>
 *   <li>byte 2, then crawl id, link depth, max depth, scope ordinal, referrer (nullable) and the
 *       settled and link URLs, with ints big-endian and strings as length-prefixed UTF-8: one
 *       record per page and host;
 *   <li>byte 0 (a link) or 1 (a URL with an outcome), then the link's or the page's {@link
 *       FetchRequest} in Avro single-object encoding: one record per URL.
 * </ul>
 *
 * <p>Delete this class once no repartition topic can hold such records: when every deployment has
 * run a release that writes Avro and caught up on the topic. Kafka Streams deletes repartition
 * records once committed (the topic's own retention.ms is unlimited), so one release with the Avro
 * writer is enough, provided no deployment skips it. Thread-safe.
 */
final class LegacySightingsReader {

  private static final byte LINK = 0;
  private static final byte SETTLED = 1;
  private static final byte HAND_WRITTEN = 2;

  private static final CrawlScope[] SCOPES = CrawlScope.values();
  private static final AvroSerde<FetchRequest> REQUESTS = AvroSerde.of(FetchRequest.class);

  private LegacySightingsReader() {}

  /** Whether {@code bytes} begin like a record of one of the earlier formats. */
  static boolean canRead(byte[] bytes) {
    return bytes.length > 0 && bytes[0] >= LINK && bytes[0] <= HAND_WRITTEN;
  }

  /** The sightings in a record of an earlier format; {@link #canRead} must hold. */
  static HostSightings read(String topic, byte[] bytes) {
    try {
      return bytes[0] == HAND_WRITTEN ? handWritten(bytes) : oneUrl(topic, bytes);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot read a HostSightings of format " + bytes[0] + " from topic " + topic + ": " + e,
          e);
    }
  }

  /** One URL: a link to follow at the request's depth, or a URL with an outcome. */
  private static HostSightings oneUrl(String topic, byte[] bytes) {
    FetchRequest request = REQUESTS.deserialize(topic, Arrays.copyOfRange(bytes, 1, bytes.length));
    boolean link = bytes[0] == LINK;
    return new HostSightings(
        request.getCrawlId(),
        link ? List.of() : List.of(request.getUrl()),
        link ? List.of(request.getUrl()) : List.of(),
        request.getDepth(),
        request.getMaxDepth(),
        request.getScope(),
        request.getReferrer(),
        List.of(),
        null);
  }

  private static HostSightings handWritten(byte[] bytes) throws IOException {
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(bytes, 1, bytes.length - 1))) {
      String crawlId = readString(in);
      int linkDepth = in.readInt();
      int maxDepth = in.readInt();
      int scope = in.readUnsignedByte();
      if (scope >= SCOPES.length) {
        throw new IOException("unknown scope " + scope);
      }
      String referrer = in.readBoolean() ? readString(in) : null;
      List<String> settled = readStrings(in);
      List<String> links = readStrings(in);
      return new HostSightings(
          crawlId, settled, links, linkDepth, maxDepth, SCOPES[scope], referrer, List.of(), null);
    }
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
}
