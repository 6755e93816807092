package dev.trawl.process;

import static dev.trawl.process.Pages.html;
import static dev.trawl.process.Pages.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.schemas.Document;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.StructuredData;
import dev.trawl.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PageParserTest {

  private static final FetchRequest PAGE =
      request("http://example.com/dir/page.html", "example.com");

  private final PageParser parser = new PageParser();

  @Test
  void extractsTitleDescriptionLanguageCanonicalAndWordCount() {
    FetchResult result =
        html(
            PAGE,
            """
            <!doctype html>
            <html lang="en-GB">
            <head>
              <title>  Fishing   with nets </title>
              <meta name="Description" content=" A page about fishing. ">
              <link rel="canonical" href="/articles/fishing">
            </head>
            <body>
              <h1>Fishing with nets</h1>
              <p>Nets catch&nbsp;many fish, and   some crabs.</p>
              <script>var notWords = 1;</script>
            </body>
            </html>
            """);

    assertThat(parser.parse(result))
        .isEqualTo(
            parsed(result)
                .setTitle("Fishing with nets")
                .setDescription("A page about fishing.")
                .setLanguage("en-GB")
                .setCanonical("http://example.com/articles/fishing")
                .setWordCount(10)
                .setStructured(
                    StructuredData.newBuilder().setH1(List.of("Fishing with nets")).build())
                .build());
  }

  @Test
  void leavesMissingFieldsNullAndCountsNoWordsInAnEmptyPage() {
    FetchResult result = html(PAGE, "<html><head></head><body>   </body></html>");

    assertThat(parser.parse(result)).isEqualTo(parsed(result).build());
  }

  @Test
  void keepsDistinctNormalisedHttpLinksInDocumentOrder() {
    FetchResult result =
        html(
            PAGE,
            """
            <a href="other.html">relative</a>
            <a href="/root#section">root, with a fragment</a>
            <a href="HTTP://Example.COM:80/root">the same after normalising</a>
            <a href="https://other.org/x?b=2&amp;a=1">absolute elsewhere</a>
            <a href="../up/./index.html">dot segments</a>
            <a href="#top">a fragment of this page</a>
            <a href="mailto:someone@example.com">mail</a>
            <a href="javascript:void(0)">script</a>
            <a href="tel:+441234">phone</a>
            <a href="ftp://example.com/file">ftp</a>
            <a href="http:///no-host">no host</a>
            <a>no href</a>
            <a href="other.html">relative again</a>
            """);

    Document document = parser.parse(result);

    assertThat(document.getOutlinks())
        .containsExactly(
            "http://example.com/dir/other.html",
            "http://example.com/root",
            "https://other.org/x?a=1&b=2",
            "http://example.com/up/index.html",
            "http://example.com/dir/page.html");
    assertThat(document.getOutlinkCount()).isEqualTo(5);
  }

  @Test
  void resolvesLinksAgainstTheFinalUrlAndBaseHref() {
    FetchResult redirected = html(PAGE, "<a href='next.html'>next</a>");
    redirected.setFinalUrl("https://www.example.com/moved/here.html");
    FetchResult withBase =
        html(PAGE, "<head><base href='https://cdn.example.net/b/'></head><a href='c.html'>c</a>");

    assertThat(parser.parse(redirected).getOutlinks())
        .containsExactly("https://www.example.com/moved/next.html");
    assertThat(parser.parse(withBase).getOutlinks())
        .containsExactly("https://cdn.example.net/b/c.html");
  }

  @Test
  void capsOutlinksButCountsEveryDistinctOne() {
    FetchResult result =
        html(
            PAGE,
            "<a href=/1>1</a><a href=/2>2</a><a href=/1>1</a><a href=/3>3</a><a href=/4>4</a>");

    Document document = new PageParser(2).parse(result);

    assertThat(document.getOutlinks())
        .containsExactly("http://example.com/1", "http://example.com/2");
    assertThat(document.getOutlinkCount()).isEqualTo(4);
    assertThat(document.getCapped()).containsExactly("outlinks");
  }

  @Test
  void decodesWithTheCharsetOfTheContentTypeHeader() {
    byte[] latin1 =
        "<title>Café crème</title><body>Voilà</body>".getBytes(StandardCharsets.ISO_8859_1);

    FetchResult result = Pages.fetched(PAGE, 200, "text/html; charset=ISO-8859-1", latin1, 40);

    assertThat(parser.parse(result))
        .isEqualTo(parsed(result).setTitle("Café crème").setWordCount(1).build());
  }

  @Test
  void prefersTheHeaderCharsetOverAMetaCharset() {
    byte[] latin1 = "<meta charset=utf-8><title>Café</title>".getBytes(StandardCharsets.ISO_8859_1);

    FetchResult result = Pages.fetched(PAGE, 200, "text/html;charset=\"iso-8859-1\"", latin1, 40);

    assertThat(parser.parse(result).getTitle()).isEqualTo("Café");
  }

  @Test
  void decodesWithTheMetaCharsetWhenTheHeaderHasNone() {
    byte[] metaCharset =
        "<meta charset='ISO-8859-1'><title>Café</title>".getBytes(StandardCharsets.ISO_8859_1);
    byte[] httpEquiv =
        ("<meta http-equiv='Content-Type' content='text/html; charset=windows-1252'>"
                + "<title>Œuvre – 10 €</title>")
            .getBytes(java.nio.charset.Charset.forName("windows-1252"));

    assertThat(parser.parse(Pages.fetched(PAGE, 200, "text/html", metaCharset, 40)).getTitle())
        .isEqualTo("Café");
    assertThat(parser.parse(Pages.fetched(PAGE, 200, "text/html", httpEquiv, 40)).getTitle())
        .isEqualTo("Œuvre – 10 €");
  }

  @Test
  void decodesShiftJisDeclaredByAMetaCharset() {
    java.nio.charset.Charset shiftJis = java.nio.charset.Charset.forName("Shift_JIS");
    byte[] page = "<meta charset=\"Shift_JIS\"><title>日本語のページ</title>".getBytes(shiftJis);

    assertThat(parser.parse(Pages.fetched(PAGE, 200, "text/html", page, 40)).getTitle())
        .isEqualTo("日本語のページ");
  }

  /**
   * A byte order mark is unambiguous and wins over anything declared (as in the WHATWG encoding
   * sniffing rules and jsoup): a UTF-16 page cannot even carry a readable ASCII meta tag.
   */
  @Test
  void decodesUtf16ByItsByteOrderMark() {
    byte[] bom = {(byte) 0xfe, (byte) 0xff};
    byte[] text = "<title>Grüße</title>".getBytes(StandardCharsets.UTF_16BE);
    byte[] page = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, page, 0, bom.length);
    System.arraycopy(text, 0, page, bom.length, text.length);

    assertThat(parser.parse(Pages.fetched(PAGE, 200, "text/html", page, 40)).getTitle())
        .isEqualTo("Grüße");
    assertThat(
            parser
                .parse(Pages.fetched(PAGE, 200, "text/html; charset=ISO-8859-1", page, 40))
                .getTitle())
        .isEqualTo("Grüße");
  }

  @Test
  void defaultsToUtf8WhenNothingOrSomethingUnknownIsDeclared() {
    byte[] utf8 = "<title>Café ✓</title>".getBytes(StandardCharsets.UTF_8);

    assertThat(parser.parse(Pages.fetched(PAGE, 200, "text/html", utf8, 40)).getTitle())
        .isEqualTo("Café ✓");
    assertThat(
            parser
                .parse(Pages.fetched(PAGE, 200, "text/html; charset=x-no-such", utf8, 40))
                .getTitle())
        .isEqualTo("Café ✓");
    assertThat(parser.parse(Pages.fetched(PAGE, 200, null, utf8, 40)).getTitle())
        .isEqualTo("Café ✓");
  }

  @Test
  void describesContentThatIsNotHtmlWithoutParsingIt() {
    byte[] pdf = "%PDF-1.7 <title>not a title</title> <a href=/x>x</a>".getBytes();

    FetchResult result = Pages.fetched(PAGE, 200, "application/pdf", pdf, 40);

    assertThat(parser.parse(result)).isEqualTo(describedOnly(result).build());
  }

  @Test
  void describesOutcomesOtherThanFetchedWithoutParsing() {
    FetchResult redirected =
        Pages.notFetched(PAGE, FetchOutcome.REDIRECTED, 301, ErrorType.TOO_MANY_REDIRECTS, 30);
    redirected.setFinalUrl("http://example.com/elsewhere");
    redirected.setContentType("text/html");
    redirected.setBody(ByteBuffer.wrap("<title>Moved</title><a href=/x>x</a>".getBytes()));
    FetchResult denied =
        Pages.notFetched(PAGE, FetchOutcome.DENIED_BY_ROBOTS, 0, ErrorType.ROBOTS_DENIED, 0);

    assertThat(List.of(parser.parse(redirected), parser.parse(denied)))
        .containsExactly(describedOnly(redirected).build(), describedOnly(denied).build());
  }

  @Test
  void parsesErrorPagesLikeAnyOtherPage() {
    FetchResult result =
        Pages.fetched(PAGE, 404, "text/html", "<title>Not found</title>".getBytes(), 40);

    assertThat(parser.parse(result))
        .isEqualTo(parsed(result).setTitle("Not found").setWordCount(0).build());
  }

  @Test
  void neverThrowsOnGarbage() {
    byte[] garbage = new byte[64 * 1024];
    new Random(42).nextBytes(garbage);
    FetchResult random = Pages.fetched(PAGE, 200, "text/html", garbage, 40);
    FetchResult empty = Pages.fetched(PAGE, 200, "text/html; charset=", new byte[0], 40);
    FetchResult badBase = html(PAGE, "<a href='relative.html'>x</a><a href='//x'>y</a>");
    badBase.setFinalUrl("not a url");

    Document fromGarbage = parser.parse(random);

    assertThat(fromGarbage.getParsed()).isTrue();
    assertThat(fromGarbage.getContentHash()).isEqualTo(sha256(garbage));
    assertThat(parser.parse(empty)).isEqualTo(parsed(empty).build());
    assertThat(parser.parse(badBase).getOutlinks()).isEmpty();
  }

  @Test
  void countsRunsOfNonSpaceCharactersAsWords() {
    assertThat(
            List.of(
                PageParser.wordCount(""),
                PageParser.wordCount("  one "),
                PageParser.wordCount("two\u00a0words"),
                PageParser.wordCount("tab\tnew\nline, and - dash")))
        .containsExactly(0, 1, 2, 6);
  }

  @Test
  void cutsEveryFieldAtItsCapAndNamesEachFieldCut() {
    FetchRequest longUrl = request("http://example.com/" + "u".repeat(3_000), "example.com");
    String longCanonical = "http://example.com/" + "c".repeat(3_000);
    FetchResult result =
        html(
            longUrl,
            "<html lang=%s><head><title>%s</title><meta name=description content=%s>"
                    .formatted("l".repeat(100), "é".repeat(1_500), "d".repeat(5_000))
                + "<link rel=canonical href=%s></head>".formatted(longCanonical)
                + "<a href=http://example.com/ok></a><a href=http://example.com/%s></a>"
                    .formatted("x".repeat(3_000)));
    result.setFinalUrl("http://example.com/" + "f".repeat(3_000));
    result.setContentType("text/html; charset=UTF-8; x=" + "t".repeat(300));

    assertThat(parser.parse(result))
        .isEqualTo(
            parsed(result)
                .setUrl(("http://example.com/" + "u".repeat(3_000)).substring(0, 2048))
                .setFinalUrl(("http://example.com/" + "f".repeat(3_000)).substring(0, 2048))
                .setContentType(
                    ("text/html; charset=UTF-8; x=" + "t".repeat(300)).substring(0, 256))
                .setTitle("é".repeat(1_024))
                .setDescription("d".repeat(4_096))
                .setLanguage("l".repeat(64))
                .setCanonical(null)
                .setOutlinks(List.of("http://example.com/ok"))
                .setOutlinkCount(1)
                .setCapped(
                    List.of(
                        "url",
                        "finalUrl",
                        "contentType",
                        "title",
                        "description",
                        "language",
                        "canonical",
                        "outlinks"))
                .build());
  }

  /**
   * The page of issue 14: about 18 KB whose relative links resolve against a 4 KB base URL, which
   * made a document of megabytes. Links longer than the URL cap are neither kept nor followed.
   */
  @Test
  void leavesOutLinksLongerThanTheUrlCapSoALongBaseCannotInflateTheDocument() {
    StringBuilder page =
        new StringBuilder("<head><base href='http://example.com/" + "b".repeat(4_000) + "/'>");
    page.append("</head><a href=http://example.com/kept></a>");
    for (int i = 0; i < 1_000; i++) {
      page.append("<a href=").append(i).append("></a>");
    }
    FetchResult result = html(PAGE, page.toString());

    Document document = new PageParser(5_000).parse(result);

    assertThat(result.getBody().remaining()).isBetween(16_000, 20_000);
    assertThat(document)
        .isEqualTo(
            parsed(result)
                .setOutlinks(List.of("http://example.com/kept"))
                .setOutlinkCount(1)
                .setCapped(List.of("outlinks"))
                .build());
    assertThat(Topics.DOCUMENTS.valueSerde().serializer().serialize("t", document).length)
        .isLessThan(1_024);
  }

  @Test
  void keepsOutlinksUpToTheirByteBudget() {
    List<String> links = new ArrayList<>();
    StringBuilder page = new StringBuilder();
    for (int i = 0; i < 600; i++) {
      String link = "http://example.com/%04d-%s".formatted(i, "p".repeat(576));
      links.add(link);
      page.append("<a href=").append(link).append("></a>");
    }
    int fits = DocumentLimits.MAX_OUTLINKS_BYTES / 600;
    FetchResult result = html(PAGE, page.toString());

    assertThat(new PageParser(10_000).parse(result))
        .isEqualTo(
            parsed(result)
                .setOutlinks(links.subList(0, fits))
                .setOutlinkCount(600)
                .setCapped(List.of("outlinks"))
                .build());
    assertThat(fits).isEqualTo(436);
  }

  @Test
  void staysFarBelowKafkasRecordLimitWithEveryFieldAtItsCap() {
    StringBuilder page =
        new StringBuilder(
            "<html lang=%s><title>%s</title><meta name=description content=%s>"
                .formatted("l".repeat(10_000), "t".repeat(100_000), "d".repeat(100_000)));
    for (int i = 0; i < 5_000; i++) {
      page.append("<a href=http://example.com/%05d-%s></a>".formatted(i, "q".repeat(75)));
    }
    FetchResult result = html(PAGE, page.toString());

    Document document = new PageParser(1_000_000).parse(result);
    int bytes = Topics.DOCUMENTS.valueSerde().serializer().serialize("t", document).length;

    assertThat(document.getCapped())
        .containsExactly("title", "description", "language", "outlinks");
    assertThat(bytes).isBetween(DocumentLimits.MAX_OUTLINKS_BYTES, 300_000);
  }

  @Test
  void saysWhenTheFetcherCutThePageAndHowManyBytesItKept() {
    FetchResult result = html(PAGE, "<title>Endless</title><p>" + "word ".repeat(300));
    result.setTruncated(true);

    Document document = parser.parse(result);

    assertThat(document)
        .isEqualTo(
            parsed(result)
                .setTitle("Endless")
                .setWordCount(300)
                .setTruncated(true)
                .setBodyBytes(1_525)
                .build());
  }

  /** What every document of {@code result} says before parsing. */
  private static Document.Builder describedOnly(FetchResult result) {
    byte[] body = new byte[result.getBody().remaining()];
    result.getBody().duplicate().get(body);
    return Document.newBuilder()
        .setUrl(result.getRequest().getUrl())
        .setFinalUrl(result.getFinalUrl())
        .setHost(result.getRequest().getHost())
        .setCrawlId(result.getRequest().getCrawlId())
        .setDepth(result.getRequest().getDepth())
        .setOutcome(result.getOutcome())
        .setStatus(result.getStatus())
        .setContentType(result.getContentType())
        .setParsed(false)
        .setOutlinks(List.of())
        .setOutlinkCount(0)
        .setContentHash(sha256(body))
        .setFetchedAt(result.getFetchedAt())
        .setTruncated(result.getTruncated())
        .setBodyBytes(body.length)
        .setCapped(List.of());
  }

  private static Document.Builder parsed(FetchResult result) {
    return describedOnly(result).setParsed(true);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
