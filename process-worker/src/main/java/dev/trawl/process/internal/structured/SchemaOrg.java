package dev.trawl.process.internal.structured;

import dev.trawl.process.DocumentLimits;
import dev.trawl.process.internal.parse.ByteBudget;
import dev.trawl.schemas.Article;
import dev.trawl.schemas.Breadcrumb;
import dev.trawl.schemas.BreadcrumbItem;
import dev.trawl.schemas.Offer;
import dev.trawl.schemas.Product;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Surfaces the schema.org items people crawl for as typed records, from JSON-LD and microdata
 * alike: every Product (with its offers), Article and BreadcrumbList, wherever it sits (top level,
 * in a {@code @graph}, nested in another item), and the types of all items. Items are visited at
 * most {@link #MAX_DEPTH} deep and {@link #MAX_VISITS} in all. Strings go through the structured
 * data's byte budget. Not thread-safe: one per page.
 */
final class SchemaOrg {

  static final int MAX_DEPTH = 8;
  static final int MAX_VISITS = 1_000;

  private static final int MAX = DocumentLimits.MAX_STRUCTURED_VALUE_BYTES;

  /** Charged for a record besides its strings: a byte per optional field, and its framing. */
  private static final int RECORD_BYTES = 12;

  private static final List<String> GTINS = List.of("gtin", "gtin13", "gtin14", "gtin12", "gtin8");

  final List<Product> products = new ArrayList<>();
  final List<Article> articles = new ArrayList<>();
  final List<Breadcrumb> breadcrumbs = new ArrayList<>();
  final Set<String> itemTypes = new LinkedHashSet<>();

  private final ByteBudget budget;
  private int visits;

  SchemaOrg(ByteBudget budget) {
    this.budget = budget;
  }

  /** Visits {@code item} and every item nested in it. */
  void visit(SchemaItem item) {
    visit(item, 1);
  }

  private void visit(SchemaItem item, int depth) {
    if (depth > MAX_DEPTH || ++visits > MAX_VISITS) {
      return;
    }
    List<String> types = item.types();
    itemTypes.addAll(types);
    if (types.stream().anyMatch(SchemaOrg::isProduct)
        && budget.charge("structured.products", RECORD_BYTES)) {
      products.add(product(item));
    }
    types.stream()
        .filter(SchemaOrg::isArticle)
        .findFirst()
        .filter(type -> budget.charge("structured.articles", RECORD_BYTES))
        .ifPresent(type -> articles.add(article(type, item)));
    if (types.contains("BreadcrumbList") && budget.charge("structured.breadcrumbs", 2)) {
      breadcrumbs.add(breadcrumb(item));
    }
    for (SchemaItem child : item.children()) {
      visit(child, depth + 1);
    }
  }

  static boolean isProduct(String type) {
    return type.endsWith("Product") || type.equals("ProductModel") || type.equals("SomeProducts");
  }

  static boolean isArticle(String type) {
    return type.endsWith("Article") || type.endsWith("Posting") || type.equals("Report");
  }

  private Product product(SchemaItem item) {
    String part = "structured.products";
    String gtin = null;
    for (String property : GTINS) {
      gtin = gtin != null ? gtin : text(item, property);
    }
    return Product.newBuilder()
        .setSource(item.source())
        .setName(keep(part, text(item, "name")))
        .setSku(keep(part, text(item, "sku")))
        .setGtin(keep(part, gtin))
        .setBrand(keep(part, name(item, "brand")))
        .setUrl(keep(part, link(item, "url")))
        .setImage(keep(part, link(item, "image")))
        .setOffers(offers(item, part))
        .build();
  }

  /** The item's offers, an AggregateOffer followed by the offers it holds. */
  private List<Offer> offers(SchemaItem product, String part) {
    List<Offer> offers = new ArrayList<>();
    for (SchemaItem offer : items(product, "offers")) {
      List<SchemaItem> listed = new ArrayList<>(List.of(offer));
      if (offer.types().contains("AggregateOffer")) {
        listed.addAll(items(offer, "offers"));
      }
      for (SchemaItem each : listed) {
        if (!budget.charge(part, RECORD_BYTES)) {
          return offers;
        }
        offers.add(offer(each, part));
      }
    }
    return offers;
  }

  private Offer offer(SchemaItem offer, String part) {
    String price = text(offer, "price");
    String currency = text(offer, "priceCurrency");
    for (SchemaItem specification : items(offer, "priceSpecification")) {
      price = price != null ? price : text(specification, "price");
      currency = currency != null ? currency : text(specification, "priceCurrency");
    }
    String availability = link(offer, "availability");
    return Offer.newBuilder()
        .setPrice(keep(part, price))
        .setLowPrice(keep(part, text(offer, "lowPrice")))
        .setHighPrice(keep(part, text(offer, "highPrice")))
        .setCurrency(keep(part, currency))
        .setAvailability(
            keep(part, availability == null ? null : SchemaItem.shortType(availability)))
        .setUrl(keep(part, link(offer, "url")))
        .build();
  }

  private Article article(String type, SchemaItem item) {
    String part = "structured.articles";
    String headline = text(item, "headline");
    List<String> authors = new ArrayList<>();
    for (Object author : item.values("author")) {
      String name =
          keep(part, author instanceof SchemaItem person ? text(person, "name") : text(author));
      if (name != null) {
        authors.add(name);
      }
    }
    return Article.newBuilder()
        .setSource(item.source())
        .setType(type)
        .setHeadline(keep(part, headline != null ? headline : text(item, "name")))
        .setAuthors(authors)
        .setDatePublished(keep(part, text(item, "datePublished")))
        .setDateModified(keep(part, text(item, "dateModified")))
        .build();
  }

  private Breadcrumb breadcrumb(SchemaItem list) {
    String part = "structured.breadcrumbs";
    List<BreadcrumbItem> items = new ArrayList<>();
    for (SchemaItem element : items(list, "itemListElement")) {
      if (!budget.charge(part, 4)) {
        break;
      }
      List<SchemaItem> targets = items(element, "item");
      SchemaItem target = targets.isEmpty() ? null : targets.get(0);
      String name = text(element, "name");
      String url = text(element, "item");
      if (target != null) {
        name = name != null ? name : text(target, "name");
        url = target.id() != null ? target.id() : text(target, "url");
      }
      items.add(
          BreadcrumbItem.newBuilder()
              .setPosition(position(text(element, "position")))
              .setName(keep(part, name))
              .setUrl(keep(part, url != null ? url : text(element, "url")))
              .build());
    }
    if (items.stream().allMatch(i -> i.getPosition() != null)) {
      items.sort(Comparator.comparing(BreadcrumbItem::getPosition));
    }
    return Breadcrumb.newBuilder().setSource(list.source()).setItems(items).build();
  }

  private String keep(String part, String value) {
    return budget.keep(part, value, MAX);
  }

  /** The first text value of {@code property}, stripped; null when it has none or only items. */
  static String text(SchemaItem item, String property) {
    for (Object value : item.values(property)) {
      String text = text(value);
      if (text != null) {
        return text;
      }
    }
    return null;
  }

  private static String text(Object value) {
    if (value instanceof String s && !s.isBlank()) {
      return s.strip();
    }
    return null;
  }

  /** A text, or a nested item's name (a Brand, an Organization, a Person). */
  private static String name(SchemaItem item, String property) {
    for (Object value : item.values(property)) {
      String name = value instanceof SchemaItem nested ? text(nested, "name") : text(value);
      if (name != null) {
        return name;
      }
    }
    return null;
  }

  /** A text, or a nested item's url, contentUrl or id (an ImageObject, a WebPage). */
  private static String link(SchemaItem item, String property) {
    for (Object value : item.values(property)) {
      String link = value instanceof SchemaItem nested ? itemLink(nested) : text(value);
      if (link != null) {
        return link;
      }
    }
    return null;
  }

  private static String itemLink(SchemaItem item) {
    String url = text(item, "url");
    url = url != null ? url : text(item, "contentUrl");
    return url != null ? url : item.id();
  }

  private static List<SchemaItem> items(SchemaItem item, String property) {
    List<SchemaItem> items = new ArrayList<>();
    for (Object value : item.values(property)) {
      if (value instanceof SchemaItem nested) {
        items.add(nested);
      }
    }
    return items;
  }

  private static Integer position(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Integer.valueOf(text.strip());
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
