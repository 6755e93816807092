package dev.trawl.producer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.Iterator;
import java.util.List;

/** Lines of URLs, read one at a time: a file, stdin, a list, the URLs of a sitemap. */
@FunctionalInterface
public interface UrlSource {

  /** The next line, or {@code null} at the end. */
  String nextLine() throws IOException;

  /**
   * The next line, or why it could not be read as a line of text, or {@code null} at the end. A
   * source of text lines has no such problems: this default gives {@link #nextLine()}.
   */
  default InputLine next() throws IOException {
    String line = nextLine();
    return line == null ? null : InputLine.of(line);
  }

  /**
   * The UTF-8 lines of {@code in}, each decoded on its own and at most {@code maxLineBytes} long
   * ({@link LineReader}); the caller closes the stream.
   */
  static UrlSource of(InputStream in, int maxLineBytes) {
    return new LineReader(in, maxLineBytes);
  }

  /** The lines of {@code reader}; the caller closes it. */
  static UrlSource of(Reader reader) {
    BufferedReader lines =
        reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
    return lines::readLine;
  }

  /** The given strings, one per line. */
  static UrlSource of(List<String> urls) {
    Iterator<String> it = urls.iterator();
    return () -> it.hasNext() ? it.next() : null;
  }
}
