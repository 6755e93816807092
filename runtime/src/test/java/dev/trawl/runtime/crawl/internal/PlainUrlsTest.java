package dev.trawl.runtime.crawl.internal;

import static org.assertj.core.api.Assertions.assertThat;

import crawlercommons.filters.basic.BasicURLNormalizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The shortcut must give exactly what {@link BasicURLNormalizer} gives, or give up. */
class PlainUrlsTest {

  private static final String[] SCHEMES = {
    "http://", "https://", "HTTP://", "Https://", "ftp://", "http:/", "http:", "", "//"
  };

  private static final String[] HOSTS = {
    "example.com",
    "www.host12.example.com",
    "a.b",
    "a-b.c-d.org",
    "x",
    "localhost",
    "EXAMPLE.com",
    "Example.COM",
    "-a.com",
    "a-.com",
    "a..com",
    ".a.com",
    "a.com.",
    "a.com..",
    "123.com",
    "a.123",
    "a.1b",
    "1a.b2c",
    "127.0.0.1",
    "127.0.0.12",
    "10.200.3.255",
    "0.0.0.0",
    "255.255.255.255",
    "256.0.0.1",
    "1.2.3.256",
    "1.2.3.4.5",
    "1.2.3.",
    "1.2.3.04",
    "01.2.3.4",
    "1000.2.3.4",
    "1.2.3.4a",
    "a.1.2.3",
    "1.2.3",
    "0x7f.0.0.1",
    "010.0.0.1",
    "256.1.1.1",
    "2130706433",
    "[::1]",
    "[2001:db8::1]",
    "[::1",
    "xn--bcher-kva.example",
    "bücher.de",
    "例え.jp",
    "user:pw@example.com",
    "user@a.com",
    "@a.com",
    "a_b.com",
    "a%41.com",
    "a%2e.com",
    "a.com%2F",
    "",
    "a b.com",
    "a*b.com",
    "a.com:80@b.com"
  };

  private static final String[] PORTS = {
    "",
    ":80",
    ":443",
    ":8080",
    ":8443",
    ":0",
    ":080",
    ":0443",
    ":65535",
    ":65536",
    ":",
    ":99999999999",
    ":1",
    ":x",
    ":80:80"
  };

  private static final String[] PATHS = {
    "",
    "/",
    "/a",
    "/a/",
    "/a/b.html",
    "/section-1/articles/5-title.html",
    "/a/./b",
    "/a/../b",
    "/..",
    "/.",
    "/../a",
    "//a",
    "/a//b",
    "/.well-known/x",
    "/a./b",
    "/a.",
    "/a.b.c/",
    "/a/.",
    "/%41",
    "/%7e",
    "/%7E",
    "/%2F",
    "/%2f",
    "/%20",
    "/%zz",
    "/%",
    "/%4",
    "/%C3%BC",
    "/%c3%bc",
    "/%25",
    "/%2525",
    "/%00",
    "/%7F",
    "/%80",
    "/a b",
    "/ü",
    "/a;b=c",
    "/a:b",
    "/a@b",
    "/~user",
    "/!$&'()*+,;=",
    "/a\\b",
    "/a|b",
    "/a^b",
    "/a`b",
    "/{x}",
    "/a\"b",
    "/<a>",
    "/[a]",
    "/a?",
    "a",
    "/a\tb",
    "/\u0000",
    "/a\u00A0b",
    "/%E2%82%AC"
  };

  private static final String[] QUERIES = {
    "",
    "?",
    "?a=1",
    "?b=2&a=1",
    "?a=1&a=0",
    "?b&a",
    "?a=",
    "?=x",
    "?&",
    "?&&",
    "?a=1&&b=2",
    "?a=b=c",
    "?q=a/b?c",
    "?q=%41",
    "?q=%2f",
    "?q=%2F",
    "?x=./y",
    "?x=//y",
    "?x=/../y",
    "?utm_source=news&id=5",
    "?b=1&A=2",
    "?a=1;b=2",
    "?a+b=c",
    "?a=%20",
    "?a= b",
    "?a=ü",
    "?z&y=&x==",
    "?a=1&",
    "?b&a&",
    "?a&&",
    "?c=3&b=2&a=1&",
    "?a|b",
    "?a=[1]",
    "?B=1&b=2&A=3&a=4",
    "?a=2&a=1&a=3",
    "??",
    "?a#b"
  };

  private static final String[] FRAGMENTS = {"", "#", "#frag", "#a?b", "#/../x", "#%41"};

  private final BasicURLNormalizer normalizer = new BasicURLNormalizer();

  @Test
  void givesWhatTheNormaliserGivesOrGivesUpOnEveryCombination() {
    List<String> corpus = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(20260126);
    for (int i = 0; i < 300_000; i++) {
      // Mostly the leading, plain-looking values (so the shortcut is taken often), sometimes any.
      corpus.add(
          pick(random, SCHEMES, 2)
              + pick(random, HOSTS, 6)
              + pick(random, PORTS, 5)
              + pick(random, PATHS, 6)
              + (random.nextInt(3) == 0 ? pick(random, PATHS, 6) : "")
              + pick(random, QUERIES, 20)
              + pick(random, FRAGMENTS, 1));
    }
    for (String host : HOSTS) {
      for (String port : PORTS) {
        for (String path : PATHS) {
          corpus.add("https://" + host + port + path);
          corpus.add("http://" + host + port + path + "?b=2&a=1");
        }
      }
    }
    assertSameAsNormaliser(corpus);
  }

  @Test
  void givesWhatTheNormaliserGivesOrGivesUpOnRandomCharacters() {
    String alphabet = "aZ09-._~!$&'()*+,;=:@/?#%[]{}|\\^`\"<> \tü€AF";
    SplittableRandom random = new SplittableRandom(7);
    List<String> corpus = new ArrayList<>();
    for (int i = 0; i < 200_000; i++) {
      StringBuilder url = new StringBuilder(random.nextBoolean() ? "http://" : "https://");
      url.append(random.nextBoolean() ? "example.com" : "");
      int length = random.nextInt(16);
      for (int k = 0; k < length; k++) {
        url.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      corpus.add(url.toString());
    }
    assertSameAsNormaliser(corpus);
  }

  @Test
  void givesWhatTheNormaliserGivesOrGivesUpOnLongQueries() {
    String[] names = {"a", "b", "B", "aa", "ab", "a1", "", "utm_source", "id"};
    String[] values = {"", "=", "=1", "=2", "==", "=a=b", "=%2F"};
    SplittableRandom random = new SplittableRandom(11);
    List<String> corpus = new ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      StringBuilder url = new StringBuilder("https://example.com/p?");
      int parameters = 1 + random.nextInt(40);
      for (int k = 0; k < parameters; k++) {
        url.append(k == 0 ? "" : "&").append(pick(random, names, names.length));
        url.append(pick(random, values, values.length));
      }
      corpus.add(random.nextInt(10) == 0 ? url + "&" : url.toString());
    }
    assertSameAsNormaliser(corpus);
  }

  @ParameterizedTest
  @CsvSource(
      delimiterString = " => ",
      value = {
        "https://www.host7.example.com/section-7/articles/7-some-title-words.html?utm_source=news&id=7"
            + " => https://www.host7.example.com/section-7/articles/7-some-title-words.html?id=7&utm_source=news",
        "http://example.com => http://example.com/",
        "https://example.com:8443 => https://example.com:8443/",
        "http://example.com/a?z&y=&x== => http://example.com/a?x==&y&z",
        "http://example.com/a?b=2&a=1&a=0 => http://example.com/a?a=1&a=0&b=2",
        "http://example.com/a?& => http://example.com/a",
        "http://example.com/a?a=1& => http://example.com/a?a=1",
        "http://example.com/%C3%BC?q=%2F => http://example.com/%C3%BC?q=%2F",
        "http://127.0.0.12:8080 => http://127.0.0.12:8080/",
        "http://10.0.0.1/a?b=2&a=1 => http://10.0.0.1/a?a=1&b=2",
      })
  void normalisesPlainUrlsItself(String url, String normal) {
    assertThat(PlainUrls.normalize(url)).isEqualTo(normal);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HTTP://example.com/",
        "http://Example.com/",
        "http://127.000.0.1/",
        "http://1.2.3.4.5/",
        "http://bücher.de/",
        "http://user@example.com/",
        "http://example.com:80/",
        "http://example.com/a/../b",
        "http://example.com/%7e",
        "http://example.com/%2f",
        "http://example.com/a#b",
        "http://example.com/a?",
        "http://example.com?a=1",
        "http://example.com./",
        "http://[::1]/",
        "http://a_b.example.com/",
      })
  void givesUpOnAnythingNotPlain(String url) {
    assertThat(PlainUrls.normalize(url)).isNull();
  }

  private void assertSameAsNormaliser(List<String> corpus) {
    Map<String, String> differences = new LinkedHashMap<>();
    int plain = 0;
    for (String url : corpus) {
      String shortcut = PlainUrls.normalize(url);
      if (shortcut != null) {
        plain++;
        String expected = normalizer.filter(url);
        if (!shortcut.equals(expected)) {
          differences.put(url, shortcut + " instead of " + expected);
        }
      }
    }
    assertThat(differences).isEmpty();
    // The comparison is only worth something when the shortcut was taken often.
    assertThat(plain).isGreaterThan(corpus.size() / 50);
  }

  /** One of the first {@code usual} values three times in four, else any value. */
  private static String pick(SplittableRandom random, String[] values, int usual) {
    return values[random.nextInt(random.nextInt(4) == 0 ? values.length : usual)];
  }
}
