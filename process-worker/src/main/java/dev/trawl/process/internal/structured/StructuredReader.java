package dev.trawl.process.internal.structured;

import dev.trawl.process.DocumentLimits;
import dev.trawl.process.internal.parse.ByteBudget;
import dev.trawl.process.internal.parse.FieldCaps;
import dev.trawl.process.internal.parse.PageWalk;
import dev.trawl.schemas.MicrodataItem;
import dev.trawl.schemas.MicrodataProperty;
import dev.trawl.schemas.StructuredData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;

/**
 * Reads a page's {@link StructuredData} from what one {@link PageWalk} gathered. All of it shares
 * one byte budget ({@link DocumentLimits#MAX_STRUCTURED_BYTES}), spent in the order of the record's
 * fields, so that the raw microdata, last, is what a crowded page loses first; each part cut is
 * named {@code structured.PART} in the document's caps. Stateless.
 */
public final class StructuredReader {

  private static final int MAX = DocumentLimits.MAX_STRUCTURED_VALUE_BYTES;

  private StructuredReader() {}

  /** The structured data of a page that was not parsed: every field set, every list empty. */
  public static StructuredData empty() {
    return StructuredData.newBuilder()
        .setRobots(List.of())
        .setH1(List.of())
        .setH2(List.of())
        .setHreflang(List.of())
        .setOpenGraph(Map.of())
        .setTwitter(Map.of())
        .setProducts(List.of())
        .setArticles(List.of())
        .setBreadcrumbs(List.of())
        .setItemTypes(List.of())
        .setMicrodata(List.of())
        .setJsonLdErrors(0)
        .build();
  }

  /** The structured data of the page {@code walk} went over. */
  public static StructuredData read(PageWalk walk, FieldCaps caps) {
    ByteBudget budget = new ByteBudget(caps, DocumentLimits.MAX_STRUCTURED_BYTES);
    StructuredData.Builder data =
        StructuredData.newBuilder()
            .setRobots(MetaTags.robots(walk.metas, budget))
            .setH1(texts(walk.h1, budget, "structured.h1"))
            .setH2(texts(walk.h2, budget, "structured.h2"))
            .setHreflang(MetaTags.hreflang(walk.links, budget))
            .setOpenGraph(MetaTags.openGraph(walk.metas, budget))
            .setTwitter(MetaTags.twitter(walk.metas, budget));
    JsonLd.Items jsonLd = JsonLd.read(walk.jsonLdScripts);
    List<MicrodataReader.Item> microdata = MicrodataReader.read(walk.items);
    SchemaOrg schemaOrg = new SchemaOrg(budget);
    jsonLd.items().forEach(schemaOrg::visit);
    microdata.forEach(schemaOrg::visit);
    List<String> itemTypes = new ArrayList<>(schemaOrg.itemTypes.size());
    for (String type : schemaOrg.itemTypes) {
      String kept = budget.keep("structured.itemTypes", type, MAX);
      if (kept != null) {
        itemTypes.add(kept);
      }
    }
    List<MicrodataItem> items = new ArrayList<>(microdata.size());
    for (MicrodataReader.Item item : microdata) {
      MicrodataItem kept = avro(item, budget);
      if (budget.spent()) {
        break;
      }
      items.add(kept);
    }
    return data.setProducts(schemaOrg.products)
        .setArticles(schemaOrg.articles)
        .setBreadcrumbs(schemaOrg.breadcrumbs)
        .setItemTypes(itemTypes)
        .setMicrodata(items)
        .setJsonLdErrors(jsonLd.errors())
        .build();
  }

  /** The text of each element, in order, while the budget lasts. */
  private static List<String> texts(List<Element> elements, ByteBudget budget, String part) {
    List<String> texts = new ArrayList<>(elements.size());
    for (Element element : elements) {
      String text = budget.keep(part, element.text(), MAX);
      if (text == null) {
        break;
      }
      texts.add(text);
    }
    return texts;
  }

  /** The record of an item read, its strings through the budget (stopping where it ends). */
  private static MicrodataItem avro(MicrodataReader.Item item, ByteBudget budget) {
    String part = "structured.microdata";
    budget.charge(part, 2);
    List<String> types = new ArrayList<>(item.writtenTypes().size());
    for (String type : item.writtenTypes()) {
      String kept = budget.keep(part, type, MAX);
      if (kept != null) {
        types.add(kept);
      }
    }
    List<MicrodataProperty> properties = new ArrayList<>(item.properties().size());
    for (MicrodataReader.Property property : item.properties()) {
      String name = budget.charge(part, 2) ? budget.keep(part, property.name(), MAX) : null;
      if (name == null) {
        break;
      }
      properties.add(
          new MicrodataProperty(
              name,
              budget.keep(part, property.value(), MAX),
              property.item() == null ? null : avro(property.item(), budget)));
    }
    return new MicrodataItem(types, budget.keep(part, item.id(), MAX), properties);
  }
}
