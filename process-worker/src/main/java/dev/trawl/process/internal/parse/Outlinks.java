package dev.trawl.process.internal.parse;

import dev.trawl.process.DocumentLimits;
import dev.trawl.runtime.crawl.Urls;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jsoup.nodes.Element;

/**
 * A page's distinct outlinks (absolute, normalised, http(s), at most {@link
 * DocumentLimits#MAX_URL_BYTES}) in document order, split into those a crawler may follow and those
 * every anchor of which says rel=nofollow; both together stop at the outlink cap and {@link
 * DocumentLimits#MAX_OUTLINKS_BYTES}. Immutable once made.
 *
 * @param count distinct outlinks within the URL cap, before the outlink cap and byte budget
 */
public record Outlinks(List<String> followable, List<String> nofollow, int count) {

  /**
   * The outlinks of {@code anchors} (elements with href), resolved against {@code baseUri}; an
   * outlink left out names "outlinks" in {@code caps}.
   */
  public static Outlinks of(List<Element> anchors, String baseUri, int cap, FieldCaps caps) {
    // Each distinct link, and whether some anchor lets crawlers follow it.
    Map<String, Boolean> links = new LinkedHashMap<>();
    boolean tooLong = false;
    LinkResolver resolver = LinkResolver.forBase(baseUri);
    for (Element anchor : anchors) {
      String link = Urls.normalise(resolver.absolute(anchor, "href"));
      if (link != null && Utf8.length(link) <= DocumentLimits.MAX_URL_BYTES) {
        boolean follow = !isNofollow(anchor);
        links.merge(link, follow, Boolean::logicalOr);
      } else if (link != null) {
        tooLong = true;
      }
    }
    List<String> followable = new ArrayList<>(Math.min(links.size(), cap));
    List<String> nofollow = new ArrayList<>(0);
    int budget = DocumentLimits.MAX_OUTLINKS_BYTES;
    for (Map.Entry<String, Boolean> link : links.entrySet()) {
      int bytes = Utf8.length(link.getKey());
      if (followable.size() + nofollow.size() == cap || bytes > budget) {
        break;
      }
      (link.getValue() ? followable : nofollow).add(link.getKey());
      budget -= bytes;
    }
    if (tooLong || followable.size() + nofollow.size() < links.size()) {
      caps.cut("outlinks");
    }
    return new Outlinks(followable, nofollow, links.size());
  }

  /** True when the anchor's rel names nofollow (in any case, among other tokens). */
  static boolean isNofollow(Element anchor) {
    String rel = anchor.attr("rel");
    if (rel.isEmpty()) {
      return false;
    }
    for (String token : rel.strip().split("\\s+")) {
      if (token.equalsIgnoreCase("nofollow")) {
        return true;
      }
    }
    return false;
  }
}
