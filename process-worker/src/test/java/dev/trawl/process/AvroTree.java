package dev.trawl.process;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro values as plain JSON trees, for comparing whole documents with expected files: records in
 * field order, unions as their value, map entries by key, bytes as their length.
 */
final class AvroTree {

  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private AvroTree() {}

  static JsonNode of(IndexedRecord record) {
    return value(record.getSchema(), record);
  }

  private static JsonNode value(Schema schema, Object value) {
    if (value == null) {
      return NODES.nullNode();
    }
    return switch (schema.getType()) {
      case RECORD -> {
        IndexedRecord record = (IndexedRecord) value;
        ObjectNode object = NODES.objectNode();
        for (Schema.Field field : schema.getFields()) {
          object.set(field.name(), value(field.schema(), record.get(field.pos())));
        }
        yield object;
      }
      case UNION ->
          value(schema.getTypes().get(GenericData.get().resolveUnion(schema, value)), value);
      case ARRAY -> {
        ArrayNode array = NODES.arrayNode();
        for (Object item : (Collection<?>) value) {
          array.add(value(schema.getElementType(), item));
        }
        yield array;
      }
      case MAP -> {
        ObjectNode object = NODES.objectNode();
        new TreeMap<>((Map<?, ?>) value)
            .forEach((k, v) -> object.set(k.toString(), value(schema.getValueType(), v)));
        yield object;
      }
      case BYTES -> NODES.numberNode(((ByteBuffer) value).remaining());
      case INT -> NODES.numberNode((Integer) value);
      case LONG -> NODES.numberNode((Long) value);
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      default -> NODES.textNode(value.toString());
    };
  }
}
