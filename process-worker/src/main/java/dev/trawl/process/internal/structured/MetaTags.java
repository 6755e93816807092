package dev.trawl.process.internal.structured;

import dev.trawl.process.DocumentLimits;
import dev.trawl.process.internal.parse.ByteBudget;
import dev.trawl.schemas.HreflangLink;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jsoup.nodes.Element;

/**
 * What a page's meta and link elements declare: robots directives, OpenGraph and Twitter card
 * properties, hreflang alternates. Stateless.
 */
final class MetaTags {

  /** Robots directives kept; real pages give a handful. */
  static final int MAX_ROBOTS = 32;

  private static final List<String> OPEN_GRAPH =
      List.of("og:", "article:", "product:", "book:", "profile:", "music:", "video:");

  private static final int MAX = DocumentLimits.MAX_STRUCTURED_VALUE_BYTES;

  private MetaTags() {}

  /** The directives of {@code <meta name=robots>}, lower case, distinct, in order. */
  static List<String> robots(List<Element> metas, ByteBudget budget) {
    Set<String> directives = new LinkedHashSet<>();
    for (Element meta : metas) {
      if (meta.attr("name").strip().equalsIgnoreCase("robots")) {
        for (String directive : meta.attr("content").split(",")) {
          String d = directive.strip().toLowerCase(Locale.ROOT);
          if (!d.isEmpty() && directives.size() < MAX_ROBOTS) {
            directives.add(d);
          }
        }
      }
    }
    List<String> kept = new ArrayList<>(directives.size());
    for (String directive : directives) {
      String d = budget.keep("structured.robots", directive, 64);
      if (d != null) {
        kept.add(d);
      }
    }
    return kept;
  }

  /** OpenGraph properties (by {@code property}, or {@code name} when it has none): first wins. */
  static Map<String, String> openGraph(List<Element> metas, ByteBudget budget) {
    return properties(metas, budget, OPEN_GRAPH, "structured.openGraph");
  }

  /** Twitter card properties, by {@code name} or {@code property}: first wins. */
  static Map<String, String> twitter(List<Element> metas, ByteBudget budget) {
    return properties(metas, budget, List.of("twitter:"), "structured.twitter");
  }

  private static Map<String, String> properties(
      List<Element> metas, ByteBudget budget, List<String> prefixes, String part) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (Element meta : metas) {
      String key = meta.hasAttr("property") ? meta.attr("property") : meta.attr("name");
      key = key.strip();
      if (!key.isEmpty()
          && hasPrefix(key, prefixes)
          && meta.hasAttr("content")
          && !properties.containsKey(key)) {
        String name = budget.keep(part, key, MAX);
        String value = budget.keep(part, meta.attr("content").strip(), MAX);
        if (name == null || value == null) {
          break;
        }
        properties.put(name, value);
      }
    }
    return properties;
  }

  private static boolean hasPrefix(String key, List<String> prefixes) {
    for (String prefix : prefixes) {
      if (key.regionMatches(true, 0, prefix, 0, prefix.length())) {
        return true;
      }
    }
    return false;
  }

  /** {@code <link rel=alternate hreflang href>}, the URL absolute. */
  static List<HreflangLink> hreflang(List<Element> links, ByteBudget budget) {
    List<HreflangLink> alternates = new ArrayList<>();
    for (Element link : links) {
      if (link.hasAttr("hreflang") && link.hasAttr("href") && isAlternate(link.attr("rel"))) {
        String lang = budget.keep("structured.hreflang", link.attr("hreflang").strip(), 64);
        String url =
            budget.keepUrl(
                "structured.hreflang", link.absUrl("href"), DocumentLimits.MAX_URL_BYTES);
        if (budget.spent()) {
          break;
        }
        if (lang != null && url != null) {
          alternates.add(new HreflangLink(lang, url));
        }
      }
    }
    return alternates;
  }

  private static boolean isAlternate(String rel) {
    for (String token : rel.strip().split("\\s+")) {
      if (token.equalsIgnoreCase("alternate")) {
        return true;
      }
    }
    return false;
  }
}
