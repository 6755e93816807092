package dev.trawl.schemas;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Kafka serde for one generated Avro record type, in Avro's single-object encoding: a two-byte
 * marker, the writer schema's 64-bit fingerprint, then the binary record. The fingerprint lets a
 * reader resolve records written with an older schema (see {@link PreviousSchemas}).
 */
public final class AvroSerde<T extends SpecificRecord>
    implements Serde<T>, Serializer<T>, Deserializer<T> {

  private static boolean trusted;

  static {
    trustTrawlRecords();
  }

  /** Per-thread encoding buffers, kept between records unless one grew past the limit below. */
  private static final ThreadLocal<ByteArrayOutputStream> BUFFERS =
      ThreadLocal.withInitial(() -> new ByteArrayOutputStream(8 * 1024));

  private static final int MAX_KEPT_BUFFER_BYTES = 1024 * 1024;

  private final Class<T> type;
  private final BinaryMessageEncoder<T> encoder;
  private final BinaryMessageDecoder<T> decoder;

  private AvroSerde(Class<T> type, Schema schema) {
    this.type = type;
    // The generated classes' own coders (customEncode/customDecode) write the same bytes as
    // Avro's reflective writer at a fraction of its cost; Avro leaves them off by default.
    SpecificData model = new SpecificData(type.getClassLoader());
    model.setCustomCoders(true);
    this.encoder = new BinaryMessageEncoder<>(model, schema);
    // Earlier schemas are parsed only when a record written with one arrives (start-up stays
    // short).
    this.decoder = new BinaryMessageDecoder<>(model, schema, PreviousSchemas.store(schema));
  }

  /**
   * A serde for a generated record class; it reads records written with the current schema or any
   * earlier one ({@link PreviousSchemas}).
   */
  public static <T extends SpecificRecord> AvroSerde<T> of(Class<T> type) {
    return new AvroSerde<>(type, SpecificData.get().getSchema(type));
  }

  /**
   * Avro 1.12 only instantiates classes it trusts (when decoding, copying a record, or filling an
   * enum default); this trusts exactly Trawl's generated types, in addition to whatever the
   * application already trusts. Runs when this class or {@link Topics} loads; code that builds
   * records without ever touching a serde calls it first. Idempotent.
   */
  public static synchronized void trustTrawlRecords() {
    if (trusted) {
      return;
    }
    trusted = true;
    ClassSecurityValidator.Builder trawl = ClassSecurityValidator.builder();
    for (Class<?> type :
        List.of(
            FetchRequest.class,
            FetchResult.class,
            FetchFailure.class,
            FetchError.class,
            Document.class,
            DomainStats.class,
            ErrorType.class,
            FetchOutcome.class,
            CrawlScope.class,
            ProcessFailure.class,
            HostSightings.class,
            OutcomeTally.class,
            CrawlDefinition.class,
            ExtractionRule.class,
            ExtractionTake.class,
            FieldError.class,
            FieldErrorType.class,
            StructuredData.class,
            HreflangLink.class,
            Product.class,
            Offer.class,
            Article.class,
            Breadcrumb.class,
            BreadcrumbItem.class,
            ItemSource.class,
            MicrodataItem.class,
            MicrodataProperty.class)) {
      trawl.add(type);
    }
    ClassSecurityValidator.setGlobal(
        ClassSecurityValidator.composite(ClassSecurityValidator.getGlobal(), trawl.build()));
  }

  @Override
  public byte[] serialize(String topic, T record) {
    if (record == null) {
      return null;
    }
    try {
      // Encoding into a reused buffer copies the record once; encode(record) copied it twice.
      ByteArrayOutputStream out = BUFFERS.get();
      out.reset();
      encoder.encode(record, out);
      byte[] bytes = out.toByteArray();
      if (bytes.length > MAX_KEPT_BUFFER_BYTES) {
        BUFFERS.remove();
      }
      return bytes;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      throw new SerializationException(
          "cannot serialize " + type.getSimpleName() + " for topic " + topic + ": " + e, e);
    }
  }

  @Override
  public T deserialize(String topic, byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    try {
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new SerializationException(
          "cannot read a " + type.getSimpleName() + " from topic " + topic + ": " + e, e);
    }
  }

  @Override
  public Serializer<T> serializer() {
    return this;
  }

  @Override
  public Deserializer<T> deserializer() {
    return this;
  }

  @Override
  public void configure(Map<String, ?> configs, boolean isKey) {}

  @Override
  public void close() {}
}
