package dev.trawl.process.internal.structured;

import com.fasterxml.jackson.databind.JsonNode;
import dev.trawl.schemas.ItemSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A JSON-LD node object as a {@link SchemaItem}: {@code @type} (a text or an array of them),
 * {@code @id}, and every other member as a property whose values are texts (strings, numbers in
 * their JSON form, booleans, {@code {"@value": ...}}) or nested node objects. Immutable.
 */
final class JsonLdItem implements SchemaItem {

  private final JsonNode node;

  JsonLdItem(JsonNode node) {
    this.node = node;
  }

  @Override
  public ItemSource source() {
    return ItemSource.JSON_LD;
  }

  @Override
  public List<String> types() {
    JsonNode type = node.get("@type");
    if (type == null) {
      return List.of();
    }
    List<String> types = new ArrayList<>(1);
    if (type.isArray()) {
      type.forEach(t -> addType(types, t));
    } else {
      addType(types, type);
    }
    return types;
  }

  private static void addType(List<String> types, JsonNode type) {
    if (type.isTextual() && !type.textValue().isBlank()) {
      types.add(SchemaItem.shortType(type.textValue()));
    }
  }

  @Override
  public String id() {
    JsonNode id = node.get("@id");
    return id != null && id.isTextual() ? id.textValue() : null;
  }

  @Override
  public List<Object> values(String property) {
    JsonNode value = node.get(property);
    if (value == null || value.isNull()) {
      return List.of();
    }
    List<Object> values = new ArrayList<>(1);
    if (value.isArray()) {
      value.forEach(v -> add(values, v));
    } else {
      add(values, value);
    }
    return values;
  }

  private static void add(List<Object> values, JsonNode value) {
    if (value.isObject()) {
      JsonNode literal = value.get("@value");
      if (literal != null) {
        add(values, literal);
      } else {
        values.add(new JsonLdItem(value));
      }
    } else if (value.isValueNode() && !value.isNull()) {
      values.add(value.asText());
    } else if (value.isArray()) {
      value.forEach(v -> add(values, v));
    }
  }

  @Override
  public List<SchemaItem> children() {
    List<SchemaItem> children = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      if (!field.getKey().equals("@context")) {
        addItems(children, field.getValue());
      }
    }
    return children;
  }

  private static void addItems(List<SchemaItem> items, JsonNode value) {
    if (value.isArray()) {
      value.forEach(v -> addItems(items, v));
    } else if (value.isObject() && value.get("@value") == null) {
      items.add(new JsonLdItem(value));
    }
  }
}
