package dev.trawl.process.internal.structured;

import dev.trawl.schemas.ItemSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.jsoup.nodes.Element;

/**
 * Reads microdata items (itemscope, itemtype, itemid, itemprop) as the WHATWG HTML standard
 * describes them: an item's properties are the itemprop elements below it that no nested itemscope
 * owns; a property with itemscope is a nested item. A property's value is its {@code content}
 * attribute when it has one (pages put it on any element, and parsers honour it), else by element:
 * the absolute URL of src (img, audio, video, source, track, embed, iframe), href (a, area, link)
 * or data (object), value (data, meter), datetime (time), else the element's text. Items nest at
 * most {@link #MAX_DEPTH} deep; itemref is not followed. Stateless.
 */
final class MicrodataReader {

  /** Nesting of items kept; deeper items are left out. */
  static final int MAX_DEPTH = 8;

  /** Items read from one page, nested ones included. */
  static final int MAX_ITEMS = 500;

  /** An item as read, before any cap: the source of both typed records and the raw form. */
  record Item(List<String> writtenTypes, String id, List<Property> properties)
      implements SchemaItem {

    @Override
    public ItemSource source() {
      return ItemSource.MICRODATA;
    }

    @Override
    public List<String> types() {
      return writtenTypes.stream().map(SchemaItem::shortType).toList();
    }

    @Override
    public List<Object> values(String property) {
      List<Object> values = new ArrayList<>(1);
      for (Property p : properties) {
        if (p.name().equals(property)) {
          values.add(p.item() != null ? p.item() : p.value());
        }
      }
      return values;
    }

    @Override
    public List<SchemaItem> children() {
      List<SchemaItem> children = new ArrayList<>();
      for (Property p : properties) {
        if (p.item() != null) {
          children.add(p.item());
        }
      }
      return children;
    }
  }

  /** One name and its value: a text, or (when {@code item} is not null) a nested item. */
  record Property(String name, String value, Item item) {}

  private int read;

  /** The items of {@code tops} (elements with itemscope and no itemprop), at most the cap. */
  static List<Item> read(List<Element> tops) {
    MicrodataReader reader = new MicrodataReader();
    List<Item> items = new ArrayList<>(tops.size());
    for (Element top : tops) {
      Item item = reader.item(top, 1);
      if (item == null) {
        break;
      }
      items.add(item);
    }
    return items;
  }

  private Item item(Element scope, int depth) {
    if (depth > MAX_DEPTH || ++read > MAX_ITEMS) {
      return null;
    }
    List<Property> properties = new ArrayList<>();
    // Depth-first in document order, without recursion: pages can be deeper than the stack.
    Deque<Element> pending = new ArrayDeque<>();
    pushChildren(pending, scope);
    while (!pending.isEmpty()) {
      Element element = pending.pop();
      boolean nested = element.hasAttr("itemscope");
      String names = element.attr("itemprop").strip();
      if (!names.isEmpty()) {
        Item child = nested ? item(element, depth + 1) : null;
        String value = nested ? null : value(element);
        if (!nested || child != null) {
          for (String name : names.split("\\s+")) {
            properties.add(new Property(name, value, child));
          }
        }
      }
      if (!nested) {
        pushChildren(pending, element);
      }
    }
    String type = scope.attr("itemtype").strip();
    List<String> types = type.isEmpty() ? List.of() : List.of(type.split("\\s+"));
    String id = scope.hasAttr("itemid") ? scope.attr("itemid").strip() : null;
    return new Item(types, id, properties);
  }

  private static void pushChildren(Deque<Element> pending, Element parent) {
    for (int i = parent.childrenSize() - 1; i >= 0; i--) {
      pending.push(parent.child(i));
    }
  }

  private static String value(Element element) {
    if (element.hasAttr("content")) {
      return element.attr("content");
    }
    return switch (element.normalName()) {
      case "img", "audio", "video", "source", "track", "embed", "iframe" -> element.absUrl("src");
      case "a", "area", "link" -> element.absUrl("href");
      case "object" -> element.absUrl("data");
      case "data", "meter" -> element.attr("value");
      case "time" -> element.hasAttr("datetime") ? element.attr("datetime") : element.text();
      default -> element.text();
    };
  }
}
