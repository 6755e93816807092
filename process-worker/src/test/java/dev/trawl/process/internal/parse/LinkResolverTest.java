package dev.trawl.process.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

class LinkResolverTest {

  private static final List<String> HREFS =
      List.of(
          "other.html",
          "/root#section",
          "../up/./index.html",
          "/../../above",
          "?q=1&b=2",
          "#top",
          "//cdn.example.org/x",
          "HTTP://Example.COM:80/Root",
          "https://other.org/x?b=2&a=1",
          "java\tscript:alert(1)",
          "ht\ntp://example.com/split",
          "mailto:someone@example.com",
          "tel:+441234",
          "javascript:void(0)",
          "http://[broken",
          "http:///no-host",
          "https:",
          "HTTPS://[::1",
          "http:relative/path",
          "",
          " spaced ");

  private static final List<String> BASES =
      List.of(
          "http://example.com/dir/page.html",
          "https://example.com:8443/a/b/?x=1",
          "http://example.com",
          "not a url",
          "");

  @Test
  void resolvesEveryLinkAsJsoupsAbsUrlDoes() {
    for (String base : BASES) {
      Document page = Jsoup.parse(anchors(), base);
      LinkResolver resolver = LinkResolver.forBase(page.baseUri());

      for (Element anchor : page.select("a")) {
        assertThat(resolver.absolute(anchor, "href"))
            .as(base + " + " + anchor.attr("href"))
            .isEqualTo(anchor.absUrl("href"));
      }
    }
  }

  @Test
  void followsABaseElement() {
    Document page =
        Jsoup.parse(
            "<base href='http://elsewhere.org/docs/'><a href=one>1</a>", "http://example.com/");

    Element anchor = page.selectFirst("a");
    assertThat(LinkResolver.forBase(page.baseUri()).absolute(anchor, "href"))
        .isEqualTo("http://elsewhere.org/docs/one");
  }

  @Test
  void stripsControlCharactersOnly() {
    assertThat(
            List.of(
                LinkResolver.stripControlChars("plain"),
                LinkResolver.stripControlChars("\ta\nb\u0000c\u001f "),
                LinkResolver.stripControlChars("")))
        .containsExactly("plain", "abc ", "");
  }

  private static String anchors() {
    StringBuilder html = new StringBuilder("<a name=no-href>none</a>");
    for (String href : HREFS) {
      html.append("<a href=\"").append(href).append("\">x</a>");
    }
    return html.toString();
  }
}
