package dev.trawl.process.internal.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.jsoup.Jsoup;
import org.junit.jupiter.api.Test;

class WordCountTest {

  private static final List<String> BODIES =
      List.of(
          "",
          "   ",
          "<p>Nets catch&nbsp;many fish, and   some crabs.</p>",
          "wo<b>rd</b> <i>two</i>",
          "<p>one</p><p>two</p>three",
          "<div>a<div>b</div>c</div>",
          "line<br>break<br/>again",
          "<ul><li>x</li><li>y</li></ul>",
          "<script>var notWords = 1;</script><style>p { color: red }</style>visible",
          "tab\tnew\nline, and - dash",
          "<h1>Title</h1><span>in</span><span>line</span>",
          "caf\u00e9 cr\u00e8me\u2003em\u3000ideographic");

  @Test
  void countsTheWordsOfTheTextJsoupWouldBuild() {
    for (String body : BODIES) {
      var element = Jsoup.parse("<html><body>" + body + "</body></html>").body();

      assertThat(WordCount.of(element)).as(body).isEqualTo(WordCount.of(element.text()));
    }
  }

  @Test
  void countsRunsOfNonSpaceCharactersAsWords() {
    assertThat(
            List.of(
                WordCount.of(""),
                WordCount.of("  one "),
                WordCount.of("two\u00a0words"),
                WordCount.of("wide\u2003space"),
                WordCount.of("tab\tnew\nline, and - dash")))
        .containsExactly(0, 1, 2, 2, 6);
    assertThat(WordCount.of((org.jsoup.nodes.Element) null)).isZero();
  }
}
