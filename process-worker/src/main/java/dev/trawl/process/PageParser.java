package dev.trawl.process;

import dev.trawl.process.internal.parse.FieldCaps;
import dev.trawl.process.internal.parse.LinkResolver;
import dev.trawl.process.internal.parse.Utf8;
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
import java.util.ArrayList;
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
 * Document, with {@code parsed=false}. Every field a page controls is capped ({@link
 * DocumentLimits}, named in {@code capped} when cut), so a Document stays far below Kafka's record
 * limit whatever the page. Stateless, so one instance serves every thread.
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
    FieldCaps caps = new FieldCaps();
    Document.Builder document = describe(result, body, caps);
    String contentType = contentType(result);
    if (result.getOutcome() != FetchOutcome.FETCHED || !MediaTypes.isHtml(contentType)) {
      return document.setCapped(caps.fields()).build();
    }
    try {
      org.jsoup.nodes.Document html =
          Jsoup.parse(stream(body), MediaTypes.charset(contentType), result.getFinalUrl());
      return extract(html, document, caps).setParsed(true).setCapped(caps.fields()).build();
    } catch (IOException | RuntimeException e) {
      // The contract is "never throw": whatever jsoup fails on, the page is still reported.
      log.debug("cannot parse {}: {}", result.getFinalUrl(), e.toString());
      FieldCaps described = new FieldCaps();
      return describe(result, body, described).setCapped(described.fields()).build();
    }
  }

  /**
   * What is known without parsing: the request, the response and the content hash. Every field is
   * set, so that building never decodes a schema default (Avro would refuse to load the enum
   * classes unless {@code AvroSerde} has been initialised first).
   */
  private static Document.Builder describe(FetchResult result, ByteBuffer body, FieldCaps caps) {
    FetchRequest request = result.getRequest();
    return Document.newBuilder()
        .setUrl(caps.text("url", request.getUrl(), DocumentLimits.MAX_URL_BYTES))
        .setFinalUrl(caps.text("finalUrl", result.getFinalUrl(), DocumentLimits.MAX_URL_BYTES))
        .setHost(request.getHost())
        .setCrawlId(request.getCrawlId())
        .setDepth(request.getDepth())
        .setOutcome(result.getOutcome())
        .setStatus(result.getStatus())
        .setContentType(
            caps.text(
                "contentType", result.getContentType(), DocumentLimits.MAX_CONTENT_TYPE_BYTES))
        .setParsed(false)
        .setTitle(null)
        .setDescription(null)
        .setLanguage(null)
        .setCanonical(null)
        .setWordCount(0)
        .setOutlinks(List.of())
        .setOutlinkCount(0)
        .setContentHash(sha256Hex(body))
        .setFetchedAt(result.getFetchedAt())
        .setTruncated(result.getTruncated())
        .setBodyBytes(body.remaining())
        .setCapped(List.of());
  }

  /** The fields only the page says, each cut at its cap, named in {@code caps} in field order. */
  private Document.Builder extract(
      org.jsoup.nodes.Document html, Document.Builder document, FieldCaps caps) {
    document
        .setTitle(caps.text("title", blankToNull(html.title()), DocumentLimits.MAX_TITLE_BYTES))
        .setDescription(
            caps.text(
                "description",
                attribute(html, "meta[name=description]", "content"),
                DocumentLimits.MAX_DESCRIPTION_BYTES))
        .setLanguage(
            caps.text(
                "language", attribute(html, "html", "lang"), DocumentLimits.MAX_LANGUAGE_BYTES))
        .setCanonical(
            caps.urlOrNull(
                "canonical",
                absoluteUrl(html, "link[rel=canonical][href]", "href"),
                DocumentLimits.MAX_URL_BYTES));
    Set<String> links = outlinks(html, caps);
    return document
        .setWordCount(WordCount.of(html.body()))
        .setOutlinks(kept(links, caps))
        .setOutlinkCount(links.size());
  }

  /**
   * Distinct normalised http(s) links of at most {@link DocumentLimits#MAX_URL_BYTES} in document
   * order; a longer link is left out (and "outlinks" named in {@code caps}).
   */
  private static Set<String> outlinks(org.jsoup.nodes.Document html, FieldCaps caps) {
    Set<String> links = new LinkedHashSet<>();
    boolean tooLong = false;
    LinkResolver resolver = LinkResolver.forBase(html.baseUri());
    for (Element anchor : html.select("a[href]")) {
      String link = Urls.normalise(resolver.absolute(anchor, "href"));
      if (link != null && Utf8.length(link) <= DocumentLimits.MAX_URL_BYTES) {
        links.add(link);
      } else if (link != null) {
        tooLong = true;
      }
    }
    if (tooLong) {
      caps.cut("outlinks");
    }
    return links;
  }

  /**
   * The first of {@code links} up to the outlink cap and {@link DocumentLimits#MAX_OUTLINKS_BYTES}
   * together; "outlinks" is named in {@code caps} when some are left out.
   */
  private List<String> kept(Set<String> links, FieldCaps caps) {
    List<String> kept = new ArrayList<>(Math.min(links.size(), outlinkCap));
    int budget = DocumentLimits.MAX_OUTLINKS_BYTES;
    for (String link : links) {
      int bytes = Utf8.length(link);
      if (kept.size() == outlinkCap || bytes > budget) {
        break;
      }
      kept.add(link);
      budget -= bytes;
    }
    if (kept.size() < links.size()) {
      caps.cut("outlinks");
    }
    return kept;
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
