package dev.trawl.producer;

import crawlercommons.sitemaps.AbstractSiteMap;
import crawlercommons.sitemaps.SiteMap;
import crawlercommons.sitemaps.SiteMapIndex;
import crawlercommons.sitemaps.SiteMapParser;
import crawlercommons.sitemaps.SiteMapURL;
import crawlercommons.sitemaps.UnknownFormatException;
import dev.trawl.runtime.crawl.Urls;
import dev.trawl.runtime.net.AddressGuard;
import dev.trawl.runtime.net.BlockedAddressException;
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
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The page URLs of a sitemap (XML, text or RSS/Atom, plain or gzip), read with crawler-commons'
 * {@link SiteMapParser}; a sitemap index is followed to its sitemaps, one at a time, so only one
 * sitemap's URLs are held in memory. The top sitemap is a local file or an http(s) URL, as the
 * operator names it; the sitemaps an index lists, and every redirect, must be http(s) and are
 * fetched only from addresses the {@link AddressGuard} allows (every address of their host).
 *
 * <p>Every sitemap is bounded: at most {@link #MAX_BYTES}, compressed or not; its response must
 * start within the timeout, its body must not pause longer than the timeout between bytes, and it
 * must arrive whole within {@link #TOTAL_TIMEOUT_FACTOR} times the timeout. Not thread-safe: one
 * reader at a time, like any {@link UrlSource}.
 */
public final class SitemapSource implements UrlSource {

  /** The most sitemaps one index (and the indexes it lists) may lead to. */
  public static final int MAX_SITEMAPS = 10_000;

  /** The largest sitemap accepted, compressed or not: the sitemap protocol's 50 MiB. */
  public static final int MAX_BYTES = SiteMapParser.MAX_BYTES_ALLOWED;

  /** Redirects followed per sitemap. */
  public static final int MAX_REDIRECTS = 5;

  /** A sitemap's whole download may take this many timeouts. */
  public static final int TOTAL_TIMEOUT_FACTOR = 10;

  private final SiteMapParser parser = new SiteMapParser(false);
  private final HttpClient http;
  private final Duration timeout;
  private final AddressGuard guard;
  private final Deque<URL> pending = new ArrayDeque<>();
  private final Set<String> queued = new HashSet<>();
  private final URL top;
  private Iterator<SiteMapURL> current = Collections.emptyIterator();

  private SitemapSource(URL top, Duration timeout, AddressGuard guard) {
    this.top = top;
    this.timeout = timeout;
    this.guard = guard;
    // Redirects are followed here, each target checked like a sitemap of an index.
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    enqueue(top);
  }

  /**
   * A source for {@code location}: an http(s) URL, or else a file path; the sitemaps it leads to
   * are read from public addresses only.
   *
   * @throws IllegalArgumentException when it is neither an http(s) URL nor an existing file
   */
  public static SitemapSource of(String location, Duration timeout) {
    return of(location, timeout, AddressGuard.PUBLIC_ONLY);
  }

  /**
   * A source for {@code location}, reading the sitemaps it leads to (an index's sitemaps, redirect
   * targets) only from addresses {@code guard} allows.
   *
   * @param timeout to connect, to the first byte of a response, and between two bytes of it
   * @throws IllegalArgumentException when it is neither an http(s) URL nor an existing file
   */
  public static SitemapSource of(String location, Duration timeout, AddressGuard guard) {
    return new SitemapSource(location(location), timeout, guard);
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
        if (!Urls.isHttpScheme(child.getUrl().getProtocol())) {
          throw new IOException(
              "sitemap index " + location + " lists " + child.getUrl() + ": only http(s) is read");
        }
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

  /**
   * The body of {@code location}, redirects followed; every URL but the top sitemap the operator
   * named is checked by the guard first.
   */
  private byte[] fetch(URL location) throws IOException {
    URI uri = toUri(location);
    boolean named = location == top; // Not equals: URL.equals resolves host names.
    for (int redirects = 0; ; redirects++) {
      if (!named) {
        check(uri, location);
      }
      HttpResponse<byte[]> response = get(uri, location);
      int status = response.statusCode();
      String target = response.headers().firstValue("location").orElse(null);
      if (status >= 300 && status < 400 && target != null && redirects < MAX_REDIRECTS) {
        uri = redirectTarget(uri, target, location);
        named = false;
        continue;
      }
      if (status != 200) {
        throw new IOException("sitemap " + location + " answered HTTP " + status + ", not 200");
      }
      return response.body();
    }
  }

  /** Refuses {@code uri} unless the guard allows its host and every address it resolves to. */
  private void check(URI uri, URL location) throws IOException {
    try {
      guard.resolveAllowed(uri.getHost());
    } catch (BlockedAddressException e) {
      throw new BlockedAddressException(
          "sitemap " + location + " (" + uri + "): " + e.getMessage());
    }
  }

  private static URI redirectTarget(URI from, String target, URL location) throws IOException {
    URI uri;
    try {
      uri = from.resolve(new URI(target.strip()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IOException("sitemap " + location + " redirects to a bad URL: " + target, e);
    }
    if (uri.getScheme() == null || !Urls.isHttpScheme(uri.getScheme()) || uri.getHost() == null) {
      throw new IOException("sitemap " + location + " redirects to " + uri + ": only http(s)");
    }
    return uri;
  }

  /** One GET, its body kept (up to {@link #MAX_BYTES}) only for a 200, within the timeouts. */
  private HttpResponse<byte[]> get(URI uri, URL location) throws IOException {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept-Encoding", "identity")
            .GET()
            .build();
    AtomicReference<BoundedBody> body = new AtomicReference<>();
    CompletableFuture<HttpResponse<byte[]>> response =
        http.sendAsync(
            request,
            info -> {
              BoundedBody kept = new BoundedBody(info.statusCode() == 200 ? MAX_BYTES : -1);
              body.set(kept);
              return kept;
            });
    long readTimeoutNanos = timeout.toNanos();
    long deadline = System.nanoTime() + TOTAL_TIMEOUT_FACTOR * readTimeoutNanos;
    while (true) {
      try {
        return response.get(readTimeoutNanos, TimeUnit.NANOSECONDS);
      } catch (TimeoutException waited) {
        BoundedBody kept = body.get();
        long now = System.nanoTime();
        String stalled =
            now - deadline >= 0
                ? "was not read whole within " + TOTAL_TIMEOUT_FACTOR * timeout.toMillis() + " ms"
                : kept != null && now - kept.lastReadNanos() >= readTimeoutNanos
                    ? "sent nothing for " + timeout.toMillis() + " ms"
                    : null;
        if (stalled != null) {
          response.cancel(true);
          if (kept != null) {
            kept.abort();
          }
          throw new IOException("sitemap " + location + " " + stalled);
        }
      } catch (InterruptedException e) {
        response.cancel(true);
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while fetching sitemap " + location, e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof BodyTooLargeException) {
          throw new IOException("sitemap " + location + " is larger than " + MAX_BYTES + " bytes");
        }
        throw cause instanceof IOException io
            ? new IOException("cannot fetch sitemap " + location + ": " + io, io)
            : new IOException("cannot fetch sitemap " + location + ": " + cause, cause);
      }
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

  /** A body over its cap. */
  private static final class BodyTooLargeException extends IOException {
    BodyTooLargeException() {
      super("body over the cap", null);
    }
  }

  /**
   * Keeps a response body of at most {@code max} bytes (-1: none, the exchange is cut at once),
   * noting when bytes last arrived; over the cap, it cuts the exchange. Its methods are called one
   * after another by the client; {@link #lastReadNanos} and {@link #abort} by the reader.
   */
  private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {

    private final long max;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private volatile long lastReadNanos = System.nanoTime();
    private volatile Flow.Subscription subscription;

    BoundedBody(long max) {
      this.max = max;
    }

    long lastReadNanos() {
      return lastReadNanos;
    }

    void abort() {
      Flow.Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
      result.completeExceptionally(new IOException("aborted"));
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      if (max < 0) {
        s.cancel(); // Not a 200: the body is never read.
        result.complete(null);
      } else {
        s.request(1);
      }
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      lastReadNanos = System.nanoTime();
      for (ByteBuffer item : items) {
        if (bytes.size() + (long) item.remaining() > max) {
          subscription.cancel();
          result.completeExceptionally(new BodyTooLargeException());
          return;
        }
        byte[] chunk = new byte[item.remaining()];
        item.get(chunk);
        bytes.write(chunk, 0, chunk.length);
      }
      subscription.request(1);
    }

    @Override
    public void onError(Throwable failure) {
      result.completeExceptionally(failure);
    }

    @Override
    public void onComplete() {
      result.complete(bytes.toByteArray());
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }
  }
}
