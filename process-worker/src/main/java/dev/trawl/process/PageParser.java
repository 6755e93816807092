package dev.trawl.process;

import dev.trawl.process.internal.extract.Deadline;
import dev.trawl.process.internal.extract.RuleRunner;
import dev.trawl.process.internal.parse.FieldCaps;
import dev.trawl.process.internal.parse.MainText;
import dev.trawl.process.internal.parse.Outlinks;
import dev.trawl.process.internal.parse.PageWalk;
import dev.trawl.process.internal.parse.WordCount;
import dev.trawl.process.internal.structured.StructuredReader;
import dev.trawl.runtime.crawl.MediaTypes;
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
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a fetched page into a {@link Document} with jsoup: title, description, language, canonical
 * URL, word count, outlinks (and those marked nofollow), structured data (robots directives,
 * headings, hreflang, OpenGraph and Twitter meta, JSON-LD and microdata items), and, as its crawl's
 * {@link Extraction} asks, the fields of its extraction rules and its main text. The page is parsed
 * once and walked once ({@link PageWalk}); rules and structured data read the same tree. It never
 * throws: a page that cannot be parsed still yields a Document, with {@code parsed=false}, and a
 * rule that runs out of its time budget or blows up is reported in the document. Every field a page
 * controls is capped ({@link DocumentLimits}, named in {@code capped} when cut), so a Document
 * stays far below Kafka's record limit whatever the page. Stateless, so one instance serves every
 * thread (an {@link Extraction} belongs to one).
 *
 * <p>The charset is, in this order: a byte order mark (unambiguous, and a UTF-16 page cannot carry
 * a readable ASCII meta tag; as in the WHATWG sniffing rules), the Content-Type header's charset
 * when this JVM knows it, a {@code <meta charset>} or {@code http-equiv} in the first bytes, and
 * UTF-8. Content that is not HTML is described (and counted by the topology) but not parsed.
 */
public final class PageParser {

  private static final Logger log = LoggerFactory.getLogger(PageParser.class);

  private final int outlinkCap;
  private final long extractBudgetNanos;

  /**
   * A parser that keeps at most {@code outlinkCap} outlinks per document and gives each page's
   * extraction rules {@code extractBudget} together.
   */
  public PageParser(int outlinkCap, Duration extractBudget) {
    if (outlinkCap < 0) {
      throw new IllegalArgumentException("outlinkCap must be >= 0, was " + outlinkCap);
    }
    if (extractBudget.isNegative() || extractBudget.isZero()) {
      throw new IllegalArgumentException("extractBudget must be positive, was " + extractBudget);
    }
    this.outlinkCap = outlinkCap;
    this.extractBudgetNanos = extractBudget.toNanos();
  }

  /** A parser that keeps at most {@code outlinkCap} outlinks, with the default rule budget. */
  public PageParser(int outlinkCap) {
    this(outlinkCap, ProcessSettings.EXTRACT_BUDGET.defaultValue());
  }

  /** A parser with the default outlink cap and rule budget ({@link ProcessSettings}). */
  public PageParser() {
    this(ProcessSettings.OUTLINK_CAP.defaultValue());
  }

  /** The document of a fetch result, without extraction rules or main text. */
  public Document parse(FetchResult result) {
    return parse(result, Extraction.NONE);
  }

  /**
   * The document of a fetch result; a FETCHED HTML page is parsed, the rest only described. The
   * page's rules and main text are {@code extraction}'s (used on this thread only).
   */
  public Document parse(FetchResult result, Extraction extraction) {
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
      return read(html, result.getFinalUrl(), document, caps, extraction)
          .setParsed(true)
          .setCapped(caps.fields())
          .build();
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
        .setCapped(List.of())
        .setNofollowOutlinks(List.of())
        .setFields(Map.of())
        .setFieldErrors(List.of())
        .setStructured(StructuredReader.empty())
        .setMainText(null);
  }

  /**
   * The fields only the page says, read from one walk over its tree, each cut at its cap and named
   * in {@code caps} (in the order of the fields) when cut.
   */
  private Document.Builder read(
      org.jsoup.nodes.Document html,
      String url,
      Document.Builder document,
      FieldCaps caps,
      Extraction extraction) {
    PageWalk walk = PageWalk.of(html);
    document
        .setTitle(caps.text("title", blankToNull(html.title()), DocumentLimits.MAX_TITLE_BYTES))
        .setDescription(
            caps.text(
                "description",
                attribute(first(walk.metas, "name", "description"), "content"),
                DocumentLimits.MAX_DESCRIPTION_BYTES))
        .setLanguage(
            caps.text(
                "language",
                attribute(html.selectFirst("html"), "lang"),
                DocumentLimits.MAX_LANGUAGE_BYTES))
        .setCanonical(
            caps.urlOrNull("canonical", canonical(walk.links), DocumentLimits.MAX_URL_BYTES));
    Outlinks links = Outlinks.of(walk.anchors, html.baseUri(), outlinkCap, caps);
    document
        .setWordCount(walk.wordCount())
        .setOutlinks(links.followable())
        .setNofollowOutlinks(links.nofollow())
        .setOutlinkCount(links.count());
    if (!extraction.rules().isEmpty() || !extraction.invalidRules().isEmpty()) {
      RuleRunner.Result fields =
          RuleRunner.run(
              html,
              url,
              extraction.rules(),
              extraction.invalidRules(),
              Deadline.after(extractBudgetNanos, Deadline.threadCpuClock()),
              caps);
      document.setFields(fields.fields()).setFieldErrors(fields.errors());
    }
    document.setStructured(StructuredReader.read(walk, caps));
    if (extraction.mainTextBytes() > 0) {
      document.setMainText(MainText.of(walk, html.body(), extraction.mainTextBytes(), caps));
    }
    return document;
  }

  /**
   * The first of {@code elements} whose {@code key} is {@code value}, as jsoup's {@code
   * [key=value]} matches: the attribute's value trimmed, in any case.
   */
  private static Element first(List<Element> elements, String key, String value) {
    for (Element element : elements) {
      if (element.hasAttr(key) && element.attr(key).trim().equalsIgnoreCase(value)) {
        return element;
      }
    }
    return null;
  }

  /** The absolute href of the first {@code link[rel=canonical][href]}, or null. */
  private static String canonical(List<Element> links) {
    for (Element link : links) {
      if (link.hasAttr("href") && link.attr("rel").trim().equalsIgnoreCase("canonical")) {
        return blankToNull(link.absUrl("href"));
      }
    }
    return null;
  }

  /** Words are runs of characters between whitespace (including no-break spaces). */
  static int wordCount(String text) {
    return WordCount.of(text);
  }

  private static String attribute(Element element, String name) {
    return element == null ? null : blankToNull(element.attr(name));
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
