package dev.trawl.bench;

import dev.trawl.schemas.CrawlDefinition;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.ExtractionRule;
import dev.trawl.schemas.ExtractionTake;
import dev.trawl.schemas.FetchResult;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Shop pages for the cost of extraction: each demo-site page of the corpus with what a product page
 * of a shop adds, a JSON-LD {@code @graph} (Product with an Offer, brand and rating,
 * BreadcrumbList, Organization) and OpenGraph tags in its head, and a product block marked up with
 * microdata at the top of its main; and {@link #RULES}, ten fields such a crawl declares.
 */
final class ProductPages {

  /** The crawl id of every page of the corpus ({@link PageCorpus}). */
  static final String CRAWL_ID = "bench";

  /**
   * A price-monitoring crawl's rules: ten fields, first or all matches, attributes, absolute URLs
   * and regex captures, as a shop's rules file has them.
   */
  static final List<ExtractionRule> RULES =
      List.of(
          rule("name", ".product h1", ExtractionTake.TEXT, null, false, null),
          rule(
              "price", ".product .price", ExtractionTake.TEXT, null, false, "([0-9]+[.,][0-9]{2})"),
          rule(
              "currency",
              ".product .price",
              ExtractionTake.ATTRIBUTE,
              "data-currency",
              false,
              null),
          rule("sku", ".product .sku", ExtractionTake.TEXT, null, false, "SKU:\\s*(\\S+)"),
          rule("availability", ".product .stock", ExtractionTake.TEXT, null, false, null),
          rule("brand", ".product .brand a", ExtractionTake.TEXT, null, false, null),
          rule("rating", ".product .rating", ExtractionTake.ATTRIBUTE, "data-rating", false, null),
          rule("images", ".gallery img", ExtractionTake.ATTRIBUTE, "abs:src", true, null),
          rule("breadcrumbs", "nav.breadcrumb a", ExtractionTake.TEXT, null, true, null),
          rule("specs", ".specs li", ExtractionTake.TEXT, null, true, null));

  private ProductPages() {}

  /** The crawl's definition: with {@link #RULES}, or with none. */
  static CrawlDefinition definition(boolean withRules) {
    return CrawlDefinition.newBuilder()
        .setCrawlId(CRAWL_ID)
        .setMaxDepth(1)
        .setScope(CrawlScope.HOST)
        .setRules(withRules ? RULES : List.of())
        .setMainText(false)
        .setCreatedAt(1)
        .build();
  }

  /** The corpus's pages as product pages, the n-th with its own price and SKU. */
  static List<FetchResult> of(List<FetchResult> corpus) {
    List<FetchResult> pages = new ArrayList<>(corpus.size());
    for (int n = 0; n < corpus.size(); n++) {
      FetchResult page = corpus.get(n);
      ByteBuffer body = page.getBody().duplicate();
      byte[] bytes = new byte[body.remaining()];
      body.get(bytes);
      String html =
          new String(bytes, StandardCharsets.UTF_8)
              .replaceFirst(
                  "</head>", Matcher.quoteReplacement(head(n, page.getFinalUrl())) + "</head>")
              .replaceFirst("<main>", "<main>" + Matcher.quoteReplacement(product(n)));
      pages.add(
          FetchResult.newBuilder(page)
              .setBody(ByteBuffer.wrap(html.getBytes(StandardCharsets.UTF_8)))
              .build());
    }
    return pages;
  }

  private static String price(int n) {
    return (10 + n % 490) + "." + String.format("%02d", n * 7 % 100);
  }

  private static String head(int n, String url) {
    return """
        <meta property="og:type" content="product">
        <meta property="og:title" content="Kettle %1$d">
        <meta property="og:url" content="%2$s">
        <meta property="og:image" content="/img/kettle-%1$d.jpg">
        <meta name="twitter:card" content="summary_large_image">
        <script type="application/ld+json">
        {"@context": "https://schema.org", "@graph": [
          {"@type": "Organization", "@id": "#shop", "name": "Loopback Shop", "url": "/"},
          {"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Kitchen", "item": "/kitchen"},
            {"@type": "ListItem", "position": 2, "name": "Kettles", "item": "/kitchen/kettles"}]},
          {"@type": "Product", "name": "Kettle %1$d", "sku": "K-%1$05d",
           "brand": {"@type": "Brand", "name": "Boilwell"}, "image": ["/img/kettle-%1$d.jpg"],
           "aggregateRating": {"@type": "AggregateRating", "ratingValue": "4.%3$d",
             "reviewCount": "%4$d"},
           "offers": {"@type": "Offer", "price": "%5$s", "priceCurrency": "EUR",
             "availability": "https://schema.org/InStock", "url": "%2$s",
             "seller": {"@id": "#shop"}}}]}
        </script>
        """
        .formatted(n, url, n % 10, 3 + n % 200, price(n));
  }

  private static String product(int n) {
    return """
        <nav class="breadcrumb"><a href="/">Home</a> <a href="/kitchen">Kitchen</a>
         <a href="/kitchen/kettles">Kettles</a></nav>
        <section class="product" itemscope itemtype="https://schema.org/Product">
        <h1 itemprop="name">Kettle %1$d</h1>
        <div class="gallery"><img src="/img/kettle-%1$d.jpg" alt="front">
         <img src="/img/kettle-%1$d-side.jpg" alt="side"><img src="/img/kettle-%1$d-top.jpg"></div>
        <p class="brand">by <a href="/brands/boilwell" itemprop="brand">Boilwell</a></p>
        <p class="rating" data-rating="4.%2$d">Rated 4.%2$d of 5 (<span>%3$d reviews</span>)</p>
        <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
         <span class="price" data-currency="EUR"><meta itemprop="priceCurrency" content="EUR">
          &euro; <span itemprop="price">%4$s</span></span>
         <link itemprop="availability" href="https://schema.org/InStock">
         <span class="stock">In stock, ships tomorrow</span></div>
        <p class="sku">SKU: K-%1$05d</p>
        <ul class="specs"><li>1.7 l</li><li>2200 W</li><li>Stainless steel</li>
         <li>Limescale filter</li><li>Boil-dry protection</li></ul>
        </section>
        """
        .formatted(n, n % 10, 3 + n % 200, price(n));
  }

  private static ExtractionRule rule(
      String name, String selector, ExtractionTake take, String attribute, boolean all, String re) {
    return ExtractionRule.newBuilder()
        .setName(name)
        .setSelector(selector)
        .setTake(take)
        .setAttribute(attribute)
        .setAll(all)
        .setRegex(re)
        .setTrim(true)
        .setUrlPatterns(List.of())
        .build();
  }
}
