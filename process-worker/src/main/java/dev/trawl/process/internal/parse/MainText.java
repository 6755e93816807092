package dev.trawl.process.internal.parse;

import java.util.Set;
import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeFilter;
import org.jsoup.select.NodeTraversor;

/**
 * The main text of a page, for archives and indexes: the text of its first {@code <main>}, else of
 * its first {@code <article>}, else of its body, without navigation, asides and footers (nor,
 * outside main and article, headers: an article's header holds its headline), and never scripts,
 * styles, templates or noscript fallbacks. Whitespace is collapsed, each block is a line, and the
 * walk stops at the cap, so a huge page costs no more than its cap. Not thread-safe: one per page.
 */
public final class MainText implements NodeFilter {

  private static final Set<String> NEVER =
      Set.of("script", "style", "template", "noscript", "nav", "aside", "footer");

  private static final char NONE = 0;

  private final boolean skipHeaders;
  private final int maxChars;
  private final StringBuilder text = new StringBuilder(1024);

  /**
   * The space or line break owed before the next character: written only when one comes, so the
   * text never ends in whitespace and reaching maxChars means that the text goes on past the cap.
   */
  private char separator = NONE;

  private MainText(boolean skipHeaders, int maxChars) {
    this.skipHeaders = skipHeaders;
    this.maxChars = maxChars;
  }

  /**
   * The main text of the page whose walk is {@code walk}, cut at {@code maxBytes} UTF-8 bytes;
   * "mainText" is named in {@code caps} when it is cut. Null when the page has no body.
   */
  public static String of(PageWalk walk, Element body, int maxBytes, FieldCaps caps) {
    Element root = walk.main != null ? walk.main : walk.article != null ? walk.article : body;
    if (root == null) {
      return null;
    }
    // A character is at least one byte: past maxBytes characters the cap is surely reached.
    MainText main = new MainText(root == body, maxBytes + 1);
    NodeTraversor.filter(main, root);
    return caps.text("mainText", main.text.toString(), maxBytes);
  }

  @Override
  public FilterResult head(Node node, int depth) {
    if (node instanceof TextNode textNode) {
      append(textNode.getWholeText());
    } else if (node instanceof Element element) {
      String name = element.normalName();
      if (NEVER.contains(name) || (skipHeaders && name.equals("header"))) {
        return FilterResult.SKIP_ENTIRELY;
      }
      if (element.isBlock() || name.equals("br")) {
        newLine();
      }
    }
    return text.length() >= maxChars ? FilterResult.STOP : FilterResult.CONTINUE;
  }

  @Override
  public FilterResult tail(Node node, int depth) {
    if (node instanceof Element element && element.isBlock()) {
      newLine();
    }
    return text.length() >= maxChars ? FilterResult.STOP : FilterResult.CONTINUE;
  }

  private void append(String chunk) {
    for (int i = 0; i < chunk.length() && text.length() < maxChars; i++) {
      char c = chunk.charAt(i);
      if (Character.isWhitespace(c) || c == '\u00a0') {
        if (text.length() > 0 && separator != '\n') {
          separator = ' ';
        }
      } else {
        if (separator != NONE) {
          text.append(separator);
          separator = NONE;
        }
        text.append(c);
      }
    }
  }

  private void newLine() {
    if (text.length() > 0) {
      separator = '\n';
    }
  }
}
