package dev.trawl.process.internal.parse;

import java.util.ArrayList;
import java.util.List;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * One walk over a parsed page that gathers what the parser reads and counts the body's words on the
 * way, so that a page is traversed once however many things are read from it: links, meta and link
 * elements, JSON-LD scripts, h1 and h2 headings, top-level microdata items, and the first main and
 * article elements. Element lists are in document order. Not thread-safe: one per page.
 */
public final class PageWalk implements NodeVisitor {

  /** {@code <a href>}, as jsoup's {@code a[href]}. */
  public final List<Element> anchors = new ArrayList<>();

  /** Every {@code <meta>}. */
  public final List<Element> metas = new ArrayList<>();

  /** Every {@code <link>}. */
  public final List<Element> links = new ArrayList<>();

  /** {@code <script type=application/ld+json>}. */
  public final List<Element> jsonLdScripts = new ArrayList<>(2);

  public final List<Element> h1 = new ArrayList<>(2);
  public final List<Element> h2 = new ArrayList<>();

  /** Elements with itemscope and without itemprop: the page's top-level microdata items. */
  public final List<Element> items = new ArrayList<>(2);

  /** The first {@code <main>}, or null. */
  public Element main;

  /** The first {@code <article>}, or null. */
  public Element article;

  private final Element body;
  private final WordCount words = new WordCount();
  private boolean inBody;

  private PageWalk(Element body) {
    this.body = body;
  }

  /** Walks {@code html} once. */
  public static PageWalk of(Document html) {
    PageWalk walk = new PageWalk(html.body());
    NodeTraversor.traverse(walk, html);
    return walk;
  }

  /** Words of the body's text ({@link WordCount}). */
  public int wordCount() {
    return words.count();
  }

  @Override
  public void head(Node node, int depth) {
    if (node == body) {
      inBody = true;
    }
    if (inBody) {
      words.head(node, depth);
    }
    if (node instanceof Element element) {
      gather(element);
    }
  }

  @Override
  public void tail(Node node, int depth) {
    if (inBody) {
      words.tail(node, depth);
    }
    if (node == body) {
      inBody = false;
    }
  }

  private void gather(Element element) {
    switch (element.normalName()) {
      case "a" -> {
        if (element.hasAttr("href")) {
          anchors.add(element);
        }
      }
      case "meta" -> metas.add(element);
      case "link" -> links.add(element);
      case "script" -> {
        if (isJsonLd(element.attr("type"))) {
          jsonLdScripts.add(element);
        }
      }
      case "h1" -> h1.add(element);
      case "h2" -> h2.add(element);
      case "main" -> main = main == null ? element : main;
      case "article" -> article = article == null ? element : article;
      default -> {
        // Other elements matter only as microdata items, checked below.
      }
    }
    if (element.hasAttr("itemscope") && !element.hasAttr("itemprop")) {
      items.add(element);
    }
  }

  /** {@code application/ld+json}, in any case, with or without parameters. */
  static boolean isJsonLd(String type) {
    String media = type.strip();
    int semicolon = media.indexOf(';');
    if (semicolon >= 0) {
      media = media.substring(0, semicolon).strip();
    }
    return media.equalsIgnoreCase("application/ld+json");
  }
}
