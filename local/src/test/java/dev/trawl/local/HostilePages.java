package dev.trawl.local;

import static java.nio.charset.StandardCharsets.UTF_8;

/** The bodies of the hostile site's big pages, built on request. */
final class HostilePages {

  private static final int MIB = 1024 * 1024;

  private HostilePages() {}

  /** A title of 1 MiB. */
  static String hugeTitle() {
    return "<html><head><title>" + "T".repeat(MIB) + "</title></head><body>x</body></html>";
  }

  /** 100,000 distinct links, about 2.5 MB before the content limit cuts it. */
  static String manyLinks() {
    StringBuilder page = new StringBuilder("<html><body>");
    for (int i = 0; i < 100_000; i++) {
      page.append("<a href=\"/l/").append(i).append("\">").append(i).append("</a>");
    }
    return page.append("</body></html>").toString();
  }

  /**
   * About 20 KB of HTML whose 2,000 short links each resolve to 1,900 bytes against the page's own
   * long URL: the parsed links alone are 3.8 MB, four times Kafka's default record limit.
   */
  static String linksAgainstLongBase() {
    StringBuilder page = new StringBuilder("<html><head><title>long base</title></head><body>");
    for (int i = 0; i < 2_000; i++) {
      page.append("<a href=\"").append(i).append("\">").append("</a>");
    }
    return page.append("</body></html>").toString();
  }

  /** A path under {@code /long-base/} that makes the page's URL about 1,900 bytes. */
  static String longBasePath() {
    return "/long-base/" + "b".repeat(1_880) + "/";
  }

  /** 100,000 nested elements. */
  static String deepNesting() {
    return "<html><body>"
        + "<div>".repeat(100_000)
        + "deep"
        + "</div>".repeat(100_000)
        + "</body></html>";
  }

  /** One line of 10 MB. */
  static byte[] longLine() {
    byte[] line = new byte[10 * 1000 * 1000];
    java.util.Arrays.fill(line, (byte) 'a');
    byte[] head = "<html><body><p>".getBytes(UTF_8);
    System.arraycopy(head, 0, line, 0, head.length);
    return line;
  }

  /** A robots.txt of 8 MiB that disallows only paths the cases never fetch. */
  static byte[] hugeRobots() {
    StringBuilder robots = new StringBuilder("User-agent: *\n");
    for (int i = 0; robots.length() < 8 * MIB; i++) {
      robots.append("Disallow: /private/").append(i).append('\n');
    }
    return robots.toString().getBytes(UTF_8);
  }
}
