package dev.trawl.process;

import dev.trawl.process.internal.parse.LinkResolver;
import dev.trawl.process.internal.parse.WordCount;
import dev.trawl.runtime.crawl.MediaTypes;
import dev.trawl.runtime.crawl.Urls;
import dev.trawl.schemas.Document;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a fetched page into a {@link Document} with jsoup: title, description, language, canonical
 * URL, word count and outlinks. It never throws: a page that cannot be parsed still yields a
 * Document, with {@code parsed=false}. Stateless, so one instance serves every thread.
 *
 * <p>The charset is, in this order: a byte order mark (unambiguous, and a UTF-16 page cannot carry
 * a readable ASCII meta tag; as in the WHATWG sniffing rules), the Content-Type header's charset
 * when this JVM knows it, a {@code <meta charset>} or {@code http-equiv} in the first bytes, and
 * UTF-8. Content that is not HTML is described (and counted by the topology) but not parsed.
 */
public final class PageParser {

  private static final Logger log = LoggerFactory.getLogger(PageParser.class);

  private final int outlinkCap;

  /** A parser that keeps at most {@code outlinkCap} outlinks per document. */
  public PageParser(int outlinkCap) {
    if (outlinkCap < 0) {
      throw new IllegalArgumentException("outlinkCap must be >= 0, was " + outlinkCap);
    }
    this.outlinkCap = outlinkCap;
  }

  /** A parser that keeps the default number of outlinks ({@link ProcessSettings#OUTLINK_CAP}). */
  public PageParser() {
    this(ProcessSettings.OUTLINK_CAP.defaultValue());
  }

  /** The document of a fetch result; a FETCHED HTML page is parsed, the rest only described. */
  public Document parse(FetchResult result) {
    ByteBuffer body = result.getBody();
    Document.Builder document = describe(result, body);
    String contentType = contentType(result);
    if (result.getOutcome() != FetchOutcome.FETCHED || !MediaTypes.isHtml(contentType)) {
      return document.build();
    }
    try {
      org.jsoup.nodes.Document html =
          Jsoup.parse(stream(body), MediaTypes.charset(contentType), result.getFinalUrl());
      return extract(html, document).setParsed(true).build();
    } catch (IOException | RuntimeException e) {
      // The contract is "never throw": whatever jsoup fails on, the page is still reported.
      log.debug("cannot parse {}: {}", result.getFinalUrl(), e.toString());
      return describe(result, body).build();
    }
  }

  /**
   * What is known without parsing: the request, the response and the content hash. Every field is
   * set, so that building never decodes a schema default (Avro would refuse to load the enum
   * classes unless {@code AvroSerde} has been initialised first).
   */
  private static Document.Builder describe(FetchResult result, ByteBuffer body) {
    FetchRequest request = result.getRequest();
    return Document.newBuilder()
        .setUrl(request.getUrl())
        .setFinalUrl(result.getFinalUrl())
        .setHost(request.getHost())
        .setCrawlId(request.getCrawlId())
        .setDepth(request.getDepth())
        .setOutcome(result.getOutcome())
        .setStatus(result.getStatus())
        .setContentType(result.getContentType())
        .setParsed(false)
        .setTitle(null)
        .setDescription(null)
        .setLanguage(null)
        .setCanonical(null)
        .setWordCount(0)
        .setOutlinks(List.of())
        .setOutlinkCount(0)
        .setContentHash(sha256Hex(body))
        .setFetchedAt(result.getFetchedAt());
  }

  private Document.Builder extract(org.jsoup.nodes.Document html, Document.Builder document) {
    Set<String> links = outlinks(html);
    return document
        .setTitle(blankToNull(html.title()))
        .setDescription(attribute(html, "meta[name=description]", "content"))
        .setLanguage(attribute(html, "html", "lang"))
        .setCanonical(absoluteUrl(html, "link[rel=canonical][href]", "href"))
        .setWordCount(WordCount.of(html.body()))
        .setOutlinks(links.stream().limit(outlinkCap).toList())
        .setOutlinkCount(links.size());
  }

  /** Distinct normalised http(s) links in document order. */
  private static Set<String> outlinks(org.jsoup.nodes.Document html) {
    Set<String> links = new LinkedHashSet<>();
    LinkResolver resolver = LinkResolver.forBase(html.baseUri());
    for (Element anchor : html.select("a[href]")) {
      String link = Urls.normalise(resolver.absolute(anchor, "href"));
      if (link != null) {
        links.add(link);
      }
    }
    return links;
  }

  /** Words are runs of characters between whitespace (including no-break spaces). */
  static int wordCount(String text) {
    return WordCount.of(text);
  }

  private static String attribute(org.jsoup.nodes.Document html, String query, String name) {
    Element element = html.selectFirst(query);
    return element == null ? null : blankToNull(element.attr(name));
  }

  private static String absoluteUrl(org.jsoup.nodes.Document html, String query, String name) {
    Element element = html.selectFirst(query);
    return element == null ? null : blankToNull(element.absUrl(name));
  }

  private static String contentType(FetchResult result) {
    String contentType = result.getContentType();
    return contentType != null ? contentType : result.getHeaders().get("content-type");
  }

  private static String blankToNull(String value) {
    String trimmed = value == null ? "" : value.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }

  /** The bytes of {@code body} as a stream, without a copy when it wraps an array. */
  private static InputStream stream(ByteBuffer body) {
    ByteBuffer view = body.duplicate();
    if (view.hasArray()) {
      return new ByteArrayInputStream(
          view.array(), view.arrayOffset() + view.position(), view.remaining());
    }
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    return new ByteArrayInputStream(bytes);
  }

  private static String sha256Hex(ByteBuffer bytes) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      sha256.update(bytes.duplicate());
      return HexFormat.of().formatHex(sha256.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
