package dev.trawl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Turns Avro values into plain JSON for people and {@code jq}: records become objects (fields in
 * schema order), enums and strings become strings, unions become their value (no type wrapper), map
 * entries come in key order, and bytes become {@code {"length": N}}, plus {@code "base64"} when
 * bodies are wanted. A compact converter leaves out what says nothing: null fields, empty lists,
 * maps and records, and zeros. Stateless and thread-safe.
 */
public final class AvroJson {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final boolean bodies;
  private final boolean compact;

  /** A converter that shows bytes as their length only, or also as base64. */
  AvroJson(boolean bodies) {
    this(bodies, false);
  }

  private AvroJson(boolean bodies, boolean compact) {
    this.bodies = bodies;
    this.compact = compact;
  }

  /** A converter that leaves out nulls, empty lists, maps and records, and zeros. */
  public static AvroJson compact() {
    return new AvroJson(false, true);
  }

  /** The JSON form of {@code record}. */
  public JsonNode toJson(IndexedRecord record) {
    return value(record.getSchema(), record);
  }

  private JsonNode value(Schema schema, Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    switch (schema.getType()) {
      case RECORD -> {
        IndexedRecord record = (IndexedRecord) value;
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
          JsonNode json = value(field.schema(), record.get(field.pos()));
          if (!compact || !saysNothing(json)) {
            object.set(field.name(), json);
          }
        }
        return object;
      }
      case UNION -> {
        int branch = GenericData.get().resolveUnion(schema, value);
        return value(schema.getTypes().get(branch), value);
      }
      case ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (Object item : (Collection<?>) value) {
          array.add(value(schema.getElementType(), item));
        }
        return array;
      }
      case MAP -> {
        ObjectNode object = NODES.objectNode();
        Map<String, Object> sorted = new TreeMap<>();
        ((Map<?, ?>) value).forEach((k, v) -> sorted.put(k.toString(), v));
        sorted.forEach((k, v) -> object.set(k, value(schema.getValueType(), v)));
        return object;
      }
      case BYTES, FIXED -> {
        return bytes(bytes(value));
      }
      default -> {
        return scalar(schema, value);
      }
    }
  }

  private static boolean saysNothing(JsonNode json) {
    return json.isNull()
        || (json.isContainerNode() && json.isEmpty())
        || (json.isNumber() && json.asDouble() == 0);
  }

  /** Bytes (page bodies) as their length, and as base64 when asked for. */
  private JsonNode bytes(byte[] bytes) {
    ObjectNode object = NODES.objectNode().put("length", bytes.length);
    if (bodies) {
      object.put("base64", Base64.getEncoder().encodeToString(bytes));
    }
    return object;
  }

  private static JsonNode scalar(Schema schema, Object value) {
    return switch (schema.getType()) {
      case INT -> NODES.numberNode((Integer) value);
      case LONG -> NODES.numberNode((Long) value);
      case FLOAT -> NODES.numberNode((Float) value);
      case DOUBLE -> NODES.numberNode((Double) value);
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      case NULL -> NODES.nullNode();
      default -> NODES.textNode(value.toString()); // STRING and ENUM
    };
  }

  private static byte[] bytes(Object value) {
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      return bytes;
    }
    if (value instanceof GenericFixed f) {
      return f.bytes();
    }
    return (byte[]) value;
  }
}
