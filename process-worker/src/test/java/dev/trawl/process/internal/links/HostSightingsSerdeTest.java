package dev.trawl.process.internal.links;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.process.Pages;
import dev.trawl.schemas.AvroSerde;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.HostSightings;
import dev.trawl.schemas.OutcomeTally;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class HostSightingsSerdeTest {

  private static final HostSightings PAGE =
      new HostSightings(
          "crawl-1",
          List.of("http://a.test/", "http://a.test/caf\u00e9"),
          List.of("http://a.test/x", "http://a.test/y"),
          2,
          3,
          CrawlScope.DOMAIN,
          "http://a.test/",
          List.of(),
          null);
  private static final HostSightings FAILURE =
      new HostSightings(
          "crawl-2",
          List.of("http://b.test/"),
          List.of(),
          1,
          1,
          CrawlScope.ANY,
          null,
          List.of(),
          null);

  /** A page's record of its own host, with what its outcome counts in the statistics. */
  private static final HostSightings PAGE_WITH_OUTCOME =
      HostSightings.newBuilder(PAGE)
          .setOutcome(
              OutcomeTally.newBuilder()
                  .setUrl("http://a.test/")
                  .setOutcome("FETCHED")
                  .setBytes(38_000)
                  .setStatusClass("2xx")
                  .setLatencyMs(51L)
                  .setAt(1_700_000_000_000L)
                  .build())
          .build();

  private static final HostSightings FAILURE_WITH_OUTCOME =
      HostSightings.newBuilder(FAILURE)
          .setOutcome(
              OutcomeTally.newBuilder()
                  .setUrl("http://b.test/")
                  .setOutcome("FAILED")
                  .setStatusClass("5xx")
                  .setErrorType(ErrorType.HTTP_STATUS)
                  .setAt(1_700_000_000_001L)
                  .build())
          .build();

  private final HostSightingsSerde serde = new HostSightingsSerde();

  @Test
  void writesAvroSingleObjectEncodingAndReadsItBack() {
    List<HostSightings> all = List.of(PAGE, FAILURE, PAGE_WITH_OUTCOME, FAILURE_WITH_OUTCOME);
    List<byte[]> written = all.stream().map(s -> serde.serializer().serialize("t", s)).toList();

    assertThat(Arrays.copyOf(written.get(0), 2)).containsExactly((byte) 0xC3, (byte) 0x01);
    assertThat(written.stream().map(bytes -> serde.deserialize("t", bytes)).toList())
        .isEqualTo(all);
    assertThat(serde.serializer().serialize("t", null)).isNull();
    assertThat(serde.deserialize("t", null)).isNull();
  }

  /**
   * The schema the release before wrote (as the schemas jar keeps it, parsed with the types it
   * uses) writes a record; this reads it, as it would one left in the repartition topic.
   */
  @Test
  void readsAvroRecordsWrittenBeforeSightingsCarriedOutcomes() throws Exception {
    Schema.Parser parser = new Schema.Parser();
    parser.parse(FetchRequest.getClassSchema().toString());
    Schema before =
        parser.parse(
            new String(
                HostSightingsSerdeTest.class
                    .getResourceAsStream("/dev/trawl/schemas/previous/v7/HostSightings.avsc")
                    .readAllBytes(),
                StandardCharsets.UTF_8));
    GenericData.Record old = new GenericData.Record(before);
    for (Schema.Field field : before.getFields()) {
      old.put(field.name(), PAGE.get(field.name()));
    }
    byte[] bytes =
        new BinaryMessageEncoder<GenericData.Record>(SpecificData.get(), before)
            .encode(old)
            .array();

    assertThat(before.getField("outcome")).isNull();
    assertThat(serde.deserialize("t", bytes)).isEqualTo(PAGE);
  }

  @Test
  void readsTheHandWrittenFormatOfOneRecordPerPageAndHost() {
    assertThat(
            List.of(
                serde.deserialize("t", handWritten(PAGE)),
                serde.deserialize("t", handWritten(FAILURE))))
        .containsExactly(PAGE, FAILURE);
  }

  @Test
  void readsTheEarlierFormatOfOneUrlPerRecord() {
    FetchRequest link =
        FetchRequest.newBuilder(Pages.request("http://a.test/x", "a.test"))
            .setDepth(1)
            .setMaxDepth(2)
            .setScope(CrawlScope.ANY)
            .setReferrer("http://a.test/")
            .build();
    FetchRequest outcome = Pages.request("http://a.test/", "a.test");

    assertThat(
            List.of(
                serde.deserialize("t", oneUrl(0, link)),
                serde.deserialize("t", oneUrl(1, outcome))))
        .containsExactly(
            new HostSightings(
                "crawl-1",
                List.of(),
                List.of("http://a.test/x"),
                1,
                2,
                CrawlScope.ANY,
                "http://a.test/",
                List.of(),
                null),
            new HostSightings(
                "crawl-1",
                List.of("http://a.test/"),
                List.of(),
                0,
                1,
                CrawlScope.HOST,
                null,
                List.of(),
                null));
  }

  @Test
  void rejectsBytesOfAnUnknownFormat() {
    assertThatThrownBy(() -> serde.deserialize("t", new byte[] {7, 1, 2}))
        .isInstanceOf(SerializationException.class)
        .hasMessage("cannot read a HostSightings from topic t: unknown format, first byte 0x07");
    assertThatThrownBy(() -> serde.deserialize("t", new byte[0]))
        .isInstanceOf(SerializationException.class)
        .hasMessage("cannot read a HostSightings from topic t: no bytes");
  }

  @Test
  void rejectsTruncatedRecordsOfEveryFormat() {
    byte[] avro = serde.serializer().serialize("t", PAGE);
    byte[] handWritten = handWritten(PAGE);
    byte[] oneUrl = oneUrl(1, Pages.request("http://a.test/", "a.test"));

    assertThatThrownBy(() -> serde.deserialize("t", Arrays.copyOf(avro, avro.length - 1)))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("cannot read a HostSightings from topic t: ");
    assertThatThrownBy(
            () -> serde.deserialize("t", Arrays.copyOf(handWritten, handWritten.length - 1)))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("cannot read a HostSightings of format 2 from topic t: ");
    assertThatThrownBy(() -> serde.deserialize("t", Arrays.copyOf(oneUrl, 3)))
        .isInstanceOf(SerializationException.class)
        .hasMessageStartingWith("cannot read a HostSightings of format 1 from topic t: ");
  }

  /** A record as the hand-written HostSightingsSerde wrote it (format byte 2). */
  private static byte[] handWritten(HostSightings sightings) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(2);
      writeString(out, sightings.getCrawlId());
      out.writeInt(sightings.getLinkDepth());
      out.writeInt(sightings.getMaxDepth());
      out.writeByte(sightings.getScope().ordinal());
      out.writeBoolean(sightings.getReferrer() != null);
      if (sightings.getReferrer() != null) {
        writeString(out, sightings.getReferrer());
      }
      writeStrings(out, sightings.getSettled());
      writeStrings(out, sightings.getLinks());
    } catch (IOException e) {
      throw new UncheckedIOException("a byte array cannot fail", e);
    }
    return bytes.toByteArray();
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

  /**
   * A record as UrlSightingSerde wrote it: the kind (0 a link, 1 a URL with an outcome), then the
   * request in Avro single-object encoding.
   */
  private static byte[] oneUrl(int kind, FetchRequest request) {
    byte[] avro = AvroSerde.of(FetchRequest.class).serialize("t", request);
    byte[] bytes = new byte[avro.length + 1];
    bytes[0] = (byte) kind;
    System.arraycopy(avro, 0, bytes, 1, avro.length);
    return bytes;
  }
}
