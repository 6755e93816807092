package dev.trawl.process.internal.parse;

import org.jsoup.nodes.Element;
import org.jsoup.nodes.Node;
import org.jsoup.nodes.TextNode;
import org.jsoup.select.NodeTraversor;
import org.jsoup.select.NodeVisitor;

/**
 * Counts words, runs of characters between whitespace (including no-break spaces), in the text of
 * an element without building that text: the visible text nodes are walked in document order, a
 * word may continue across inline elements ({@code wo<b>rd</b>} is one word) and ends at a block
 * element or a {@code <br>}, as in jsoup's {@code Element.text()}. Not thread-safe: one per count.
 */
public final class WordCount implements NodeVisitor {

  private int words;
  private boolean inWord;

  /** A count to feed node by node ({@link #head}, {@link #tail}) from another walk. */
  WordCount() {}

  /** The words of {@code root}'s text; 0 for null. */
  public static int of(Element root) {
    if (root == null) {
      return 0;
    }
    WordCount count = new WordCount();
    NodeTraversor.traverse(count, root);
    return count.words;
  }

  /** The words counted so far. */
  int count() {
    return words;
  }

  /** The words of {@code text}. */
  public static int of(CharSequence text) {
    WordCount count = new WordCount();
    count.add(text);
    return count.words;
  }

  @Override
  public void head(Node node, int depth) {
    if (node instanceof TextNode text) {
      add(text.getWholeText());
    } else if (node instanceof Element element && (element.isBlock() || element.nameIs("br"))) {
      inWord = false;
    }
  }

  @Override
  public void tail(Node node, int depth) {
    if (node instanceof Element element && element.isBlock()) {
      inWord = false;
    }
  }

  private void add(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      boolean space = isSpace(text.charAt(i));
      if (!space && !inWord) {
        words++;
      }
      inWord = !space;
    }
  }

  /** Whitespace or a space character; the Unicode look-up only beyond ASCII. */
  private static boolean isSpace(char c) {
    return c < 128
        ? Character.isWhitespace(c)
        : Character.isWhitespace(c) || Character.isSpaceChar(c);
  }
}
