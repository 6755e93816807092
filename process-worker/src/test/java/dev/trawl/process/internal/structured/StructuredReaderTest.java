package dev.trawl.process.internal.structured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.process.DocumentLimits;
import dev.trawl.process.internal.parse.FieldCaps;
import dev.trawl.process.internal.parse.PageWalk;
import dev.trawl.schemas.MicrodataItem;
import dev.trawl.schemas.StructuredData;
import dev.trawl.schemas.Topics;
import java.util.List;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StructuredReaderTest {

  @BeforeAll
  static void trustTrawlTypes() {
    Topics.all();
  }

  @Test
  void spendsOneBudgetInFieldOrderAndNamesEachPartItCut() {
    StringBuilder page = new StringBuilder("<h1>Kept</h1>");
    for (int i = 0; i < 100; i++) {
      page.append("<meta property=og:p%03d content=%s>".formatted(i, "o".repeat(1_000)));
    }
    page.append("<meta name=twitter:card content=summary>");
    page.append("<script type=application/ld+json>{\"@type\":\"Product\",\"name\":\"P\"}</script>");
    FieldCaps caps = new FieldCaps();

    StructuredData data = read(page.toString(), caps);

    assertThat(data.getH1()).containsExactly("Kept");
    assertThat(data.getOpenGraph()).hasSizeBetween(60, 66);
    assertThat(data.getTwitter()).isEmpty();
    assertThat(data.getProducts()).isEmpty();
    assertThat(caps.fields())
        .containsExactly(
            "structured.openGraph",
            "structured.twitter",
            "structured.products",
            "structured.itemTypes");
    assertThat(bytes(data)).isLessThanOrEqualTo(DocumentLimits.MAX_STRUCTURED_BYTES);
  }

  @Test
  void boundsAFloodOfEmptyItemsByTheBudgetToo() {
    StringBuilder graph = new StringBuilder("{\"@type\":\"BreadcrumbList\",\"itemListElement\":[");
    for (int i = 0; i < 100_000; i++) {
      graph.append(i == 0 ? "" : ",").append("{}");
    }
    FieldCaps caps = new FieldCaps();

    StructuredData data = read("<script type=application/ld+json>" + graph + "]}</script>", caps);

    assertThat(data.getBreadcrumbs().get(0).getItems()).hasSizeLessThan(20_000);
    assertThat(caps.fields()).contains("structured.breadcrumbs");
    assertThat(bytes(data)).isLessThanOrEqualTo(DocumentLimits.MAX_STRUCTURED_BYTES);
  }

  @Test
  void readsNestedMicrodataUpToItsDepthAndNotPastIt() {
    StringBuilder page = new StringBuilder();
    for (int depth = 0; depth < 12; depth++) {
      page.append(
          depth == 0
              ? "<div itemscope itemtype=T0>"
              : "<div itemprop=child itemscope itemtype=T" + depth + ">");
      page.append("<span itemprop=level>").append(depth).append("</span>");
    }
    page.append("</div>".repeat(12));

    MicrodataItem item = read(page.toString(), new FieldCaps()).getMicrodata().get(0);

    int depth = 1;
    while (item.getProperties().size() == 2) {
      item = item.getProperties().get(1).getItem();
      depth++;
    }
    assertThat(depth).isEqualTo(MicrodataReader.MAX_DEPTH);
    assertThat(item.getTypes()).containsExactly("T7");
  }

  @Test
  void writesTypesWithoutTheirVocabulary() {
    assertThat(
            List.of(
                    "https://schema.org/Product",
                    "http://schema.org/Offer",
                    "schema:Brand",
                    "Thing")
                .stream()
                .map(SchemaItem::shortType))
        .containsExactly("Product", "Offer", "Brand", "Thing");
  }

  private static StructuredData read(String html, FieldCaps caps) {
    return StructuredReader.read(PageWalk.of(Jsoup.parse(html, "http://example.com/")), caps);
  }

  private static int bytes(StructuredData data) {
    var out = new java.io.ByteArrayOutputStream();
    var encoder = EncoderFactory.get().binaryEncoder(out, null);
    try {
      new SpecificDatumWriter<>(StructuredData.class).write(data, encoder);
      encoder.flush();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.size();
  }
}
