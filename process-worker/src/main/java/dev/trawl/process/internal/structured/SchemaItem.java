package dev.trawl.process.internal.structured;

import dev.trawl.schemas.ItemSource;
import java.util.List;

/**
 * A schema.org item as a page declares it, in JSON-LD or microdata alike: its types and, per
 * property, its values, each a text or a nested item. {@link SchemaOrg} reads Products, Articles
 * and BreadcrumbLists from it whatever the syntax.
 */
interface SchemaItem {

  /** Where the item was declared. */
  ItemSource source();

  /** Its types without the vocabulary's prefix ({@code https://schema.org/Product} is Product). */
  List<String> types();

  /** Its identifier (JSON-LD's {@code @id}, microdata's {@code itemid}), or null. */
  String id();

  /**
   * The values of {@code property}, in order: each a {@link String} or a nested {@link SchemaItem};
   * empty when it has none.
   */
  List<Object> values(String property);

  /** Every nested item, of every property, in order. */
  List<SchemaItem> children();

  /** A type as written without its vocabulary: the part after the last '/', '#' or ':'. */
  static String shortType(String type) {
    String trimmed = type.strip();
    int cut =
        Math.max(
            trimmed.lastIndexOf('/'), Math.max(trimmed.lastIndexOf('#'), trimmed.lastIndexOf(':')));
    return trimmed.substring(cut + 1);
  }
}
