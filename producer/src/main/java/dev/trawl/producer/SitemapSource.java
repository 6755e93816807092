package dev.trawl.producer;

import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/**
 * The page URLs of a sitemap (XML, text or RSS/Atom, plain or gzip), read with crawler-commons'
 * {@link SiteMapParser}; a sitemap index is followed to its sitemaps, one at a time, so only one
 * sitemap's URLs are held in memory. The top sitemap is a local file or an http(s) URL; the
 * sitemaps an index lists are fetched with {@link HttpClient} (or read, for {@code file:} URLs).
 * Not thread-safe: one reader at a time, like any {@link UrlSource}.
 */
public final class SitemapSource implements UrlSource {

  /** The most sitemaps one index (and the indexes it lists) may lead to. */
  public static final int MAX_SITEMAPS = 10_000;

  /** The largest sitemap accepted, compressed or not: the sitemap protocol's 50 MiB. */
  public static final int MAX_BYTES = SiteMapParser.MAX_BYTES_ALLOWED;

  private final SiteMapParser parser = new SiteMapParser(false);
  private final HttpClient http;
  private final Duration timeout;
  private final Deque<URL> pending = new ArrayDeque<>();
  private final Set<String> queued = new HashSet<>();
  private Iterator<SiteMapURL> current = Collections.emptyIterator();

  private SitemapSource(URL top, Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    enqueue(top);
  }

  /**
   * A source for {@code location}: an http(s) URL, or else a file path.
   *
   * @throws IllegalArgumentException when it is neither an http(s) URL nor an existing file
   */
  public static SitemapSource of(String location, Duration timeout) {
    return new SitemapSource(location(location), timeout);
  }

  /**
   * The URL of the sitemap at {@code location}: an http(s) URL, or else a file path.
   *
   * @throws IllegalArgumentException when it is neither an http(s) URL nor an existing file
   */
  public static URL location(String location) {
    String lower = location.toLowerCase(Locale.ROOT);
    try {
      if (lower.startsWith("http://") || lower.startsWith("https://")) {
        return new URI(location).toURL();
      }
      Path file = Path.of(location);
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException("no such file: " + location);
      }
      return file.toUri().toURL();
    } catch (URISyntaxException | MalformedURLException e) {
      throw new IllegalArgumentException("not a sitemap URL: " + location + " (" + e + ")", e);
    }
  }

  @Override
  public String nextLine() throws IOException {
    while (!current.hasNext()) {
      URL next = pending.poll();
      if (next == null) {
        return null;
      }
      current = urlsOf(next);
    }
    return current.next().getUrl().toString();
  }

  /** Parses one sitemap; an index only queues its sitemaps and yields no URL itself. */
  private Iterator<SiteMapURL> urlsOf(URL location) throws IOException {
    byte[] content = load(location);
    AbstractSiteMap sitemap;
    try {
      sitemap = parser.parseSiteMap(content, location);
    } catch (UnknownFormatException e) {
      throw new IOException("sitemap " + location + " is not a sitemap: " + e.getMessage(), e);
    }
    if (sitemap instanceof SiteMapIndex index) {
      for (AbstractSiteMap child : index.getSitemaps()) {
        enqueue(child.getUrl());
      }
      return Collections.emptyIterator();
    }
    return ((SiteMap) sitemap).getSiteMapUrls().iterator();
  }

  private void enqueue(URL location) {
    if (queued.size() >= MAX_SITEMAPS || !queued.add(location.toString())) {
      return;
    }
    pending.add(location);
  }

  /** The bytes of a sitemap, gunzipped when they are gzip. */
  private byte[] load(URL location) throws IOException {
    byte[] raw = location.getProtocol().equals("file") ? read(location) : fetch(location);
    if (!Inputs.isGzip(raw)) {
      return raw;
    }
    try (InputStream in = Inputs.decompressed(new ByteArrayInputStream(raw))) {
      return limited(in, location);
    }
  }

  private byte[] read(URL location) throws IOException {
    try (InputStream in = Files.newInputStream(Path.of(toUri(location)))) {
      return limited(in, location);
    }
  }

  private byte[] fetch(URL location) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(toUri(location))
            .timeout(timeout)
            .header("Accept-Encoding", "identity")
            .GET()
            .build();
    HttpResponse<InputStream> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while fetching sitemap " + location, e);
    }
    try (InputStream body = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException(
            "sitemap " + location + " answered HTTP " + response.statusCode() + ", not 200");
      }
      return limited(body, location);
    }
  }

  private static byte[] limited(InputStream in, URL location) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      if (out.size() + n > MAX_BYTES) {
        throw new IOException("sitemap " + location + " is larger than " + MAX_BYTES + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static URI toUri(URL location) throws IOException {
    try {
      return location.toURI();
    } catch (URISyntaxException e) {
      throw new IOException("not a sitemap URL: " + location, e);
    }
  }
}
