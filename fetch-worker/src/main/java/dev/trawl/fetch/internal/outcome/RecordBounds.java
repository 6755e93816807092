package dev.trawl.fetch.internal.outcome;

import dev.trawl.runtime.crawl.Urls;
import dev.trawl.runtime.crawl.Utf8;
import dev.trawl.schemas.FetchRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Caps every field an outcome copies from a request or a response, so that a record is its body (at
 * most the content limit) plus an overhead bounded by construction, well under the room Kafka's
 * limits keep for it ({@code PageLimits}' 256 KiB): URLs at {@link Urls#MAX_FETCHABLE_BYTES} (a
 * redirect chain at {@link #MAX_REDIRECTS} of them), texts and header values at {@link
 * #MAX_TEXT_BYTES}, {@link #MAX_HEADERS} headers, request metadata at {@link #MAX_METADATA_BYTES}
 * in all, error messages at {@link #MAX_MESSAGE_BYTES}. What was cut is recorded in the record
 * itself, in the metadata entry {@link #CUT_KEY} of its request.
 *
 * <p>One instance per record, on one thread: it collects the cuts of the fields it was given, and
 * {@link #request} writes them (the request's own first), so it is called last. Notes name fields,
 * never their content.
 */
public final class RecordBounds {

  /** The metadata entry that says what was cut in the record ("metadata: ...; headers: ..."). */
  public static final String CUT_KEY = "trawl.cut";

  /** The most redirects followed ({@code --max-redirects} stays at or below it). */
  public static final int MAX_REDIRECTS = 20;

  /** Host names, crawl ids, content types, header values, proxy ids. */
  public static final int MAX_TEXT_BYTES = 1024;

  /** Response headers kept. */
  public static final int MAX_HEADERS = 16;

  /** Metadata of a request, keys and values together, the {@link #CUT_KEY} entry included. */
  public static final int MAX_METADATA_BYTES = 16 * 1024;

  /** Error messages. */
  public static final int MAX_MESSAGE_BYTES = 2048;

  /** The {@link #CUT_KEY} entry's own value. */
  static final int MAX_NOTE_BYTES = 1024;

  /** What a map entry costs in Avro beyond its UTF-8 key and value: two length prefixes. */
  private static final int ENTRY_OVERHEAD_BYTES = 10;

  private final List<String> cuts = new ArrayList<>();

  /** {@code value} cut to {@code maxBytes} of UTF-8, the cut noted as {@code field}; null stays. */
  public String text(String field, String value, int maxBytes) {
    if (value == null) {
      return null;
    }
    String cut = Utf8.prefix(value, maxBytes);
    if (cut != value) {
      cuts.add(field + " cut to " + maxBytes + " of " + Utf8.length(value) + " bytes");
    }
    return cut;
  }

  /** A URL cut to {@link Urls#MAX_FETCHABLE_BYTES}; a fetched URL is never longer. */
  public String url(String field, String url) {
    return text(field, url, Urls.MAX_FETCHABLE_BYTES);
  }

  /** The first {@link #MAX_REDIRECTS} + 1 URLs of a redirect chain, each cut as a URL. */
  public List<String> chain(List<String> urls) {
    List<String> kept = new ArrayList<>();
    int cut = 0;
    for (int i = 0; i < urls.size() && i <= MAX_REDIRECTS; i++) {
      String url = Utf8.prefix(urls.get(i), Urls.MAX_FETCHABLE_BYTES);
      cut += url == urls.get(i) ? 0 : 1;
      kept.add(url);
    }
    if (kept.size() < urls.size() || cut > 0) {
      cuts.add(
          "redirectChain: "
              + kept.size()
              + " of "
              + urls.size()
              + " URLs kept, "
              + cut
              + " cut to "
              + Urls.MAX_FETCHABLE_BYTES
              + " bytes");
    }
    return kept;
  }

  /** At most {@link #MAX_HEADERS} headers, in name order, names and values cut as texts. */
  public Map<String, String> headers(Map<String, String> headers) {
    Map<String, String> kept = new LinkedHashMap<>();
    int cut = 0;
    for (Map.Entry<String, String> header : new TreeMap<>(headers).entrySet()) {
      if (kept.size() == MAX_HEADERS) {
        break;
      }
      String name = Utf8.prefix(header.getKey(), MAX_TEXT_BYTES);
      String value = Utf8.prefix(header.getValue(), MAX_TEXT_BYTES);
      cut += (name == header.getKey() ? 0 : 1) + (value == header.getValue() ? 0 : 1);
      kept.put(name, value);
    }
    if (kept.size() < headers.size() || cut > 0) {
      cuts.add(
          "headers: "
              + kept.size()
              + " of "
              + headers.size()
              + " kept, "
              + cut
              + " names or values cut to "
              + MAX_TEXT_BYTES
              + " bytes");
    }
    return kept;
  }

  /** An error message cut to {@link #MAX_MESSAGE_BYTES}. */
  public String message(String message) {
    return text("error.message", message, MAX_MESSAGE_BYTES);
  }

  /**
   * {@code request} as an outcome carries it: URL and referrer cut as URLs, host and crawl id as
   * texts, metadata within {@link #MAX_METADATA_BYTES} (whole entries in key order while they fit),
   * and every cut of this record noted under {@link #CUT_KEY}. The same request when nothing was
   * cut.
   */
  public FetchRequest request(FetchRequest request) {
    return request(request, true);
  }

  /**
   * Like {@link #request(FetchRequest)}, with all metadata dropped (noted under {@link #CUT_KEY}):
   * the smallest form of a request, for a record whose full form Kafka refused.
   */
  public FetchRequest requestWithoutMetadata(FetchRequest request) {
    return request(request, false);
  }

  private FetchRequest request(FetchRequest request, boolean withMetadata) {
    List<String> others = new ArrayList<>(cuts);
    cuts.clear(); // The request's own cuts first: the note itself has a cap.
    String url = url("request.url", request.getUrl());
    String host = text("request.host", request.getHost(), MAX_TEXT_BYTES);
    String crawlId = text("request.crawlId", request.getCrawlId(), MAX_TEXT_BYTES);
    String referrer = url("request.referrer", request.getReferrer());
    Map<String, String> metadata =
        withMetadata ? metadata(request.getMetadata()) : dropped(request.getMetadata());
    cuts.addAll(others);
    if (cuts.isEmpty()) {
      return request;
    }
    metadata.put(CUT_KEY, Utf8.prefix(String.join("; ", cuts), MAX_NOTE_BYTES));
    return FetchRequest.newBuilder(request)
        .setUrl(url)
        .setHost(host)
        .setCrawlId(crawlId)
        .setReferrer(referrer)
        .setMetadata(metadata)
        .build();
  }

  private Map<String, String> metadata(Map<String, String> metadata) {
    int room = MAX_METADATA_BYTES - MAX_NOTE_BYTES - ENTRY_OVERHEAD_BYTES - CUT_KEY.length();
    Map<String, String> kept = new TreeMap<>();
    long total = 0;
    for (Map.Entry<String, String> entry : new TreeMap<>(metadata).entrySet()) {
      int size = entrySize(entry);
      total += size;
      if (size <= room && !entry.getKey().equals(CUT_KEY)) {
        kept.put(entry.getKey(), entry.getValue());
        room -= size;
      }
    }
    if (kept.size() < metadata.size()) {
      cuts.add(
          "metadata cut to "
              + kept.size()
              + " of "
              + metadata.size()
              + " entries ("
              + total
              + " bytes, limit "
              + MAX_METADATA_BYTES
              + ")");
    }
    return kept;
  }

  private Map<String, String> dropped(Map<String, String> metadata) {
    if (!metadata.isEmpty()) {
      cuts.add("metadata dropped (" + metadata.size() + " entries)");
    }
    return new TreeMap<>();
  }

  private static int entrySize(Map.Entry<String, String> entry) {
    return Utf8.length(entry.getKey()) + Utf8.length(entry.getValue()) + ENTRY_OVERHEAD_BYTES;
  }
}
