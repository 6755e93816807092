package dev.trawl.fetch.internal;

import dev.trawl.fetch.AddressCheck;
import dev.trawl.fetch.FetchSettings;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.RedirectCache;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * Fetches pages with one asynchronous Jetty {@link HttpClient}: GET, redirects followed up to the
 * limit, content decoded (gzip) and capped, total and connect timeouts. The caller bounds how many
 * fetches run at once; the client is sized for that bound and never queues beyond it.
 *
 * <p>Thread-safety: {@link #fetch} may be called from any thread; it never blocks.
 */
public final class PageFetcher implements AutoCloseable {

  /** A few threads suffice: I/O is non-blocking, and listeners only copy bytes. */
  static final int MAX_THREADS = 16;

  private final HttpClient client;
  private final int contentLimit;
  private final int maxRedirects;
  private final long timeoutMillis;

  /** A started fetcher without an address check. */
  public PageFetcher(FetchSettings settings) {
    this(settings, AddressCheck.ALLOW_ALL);
  }

  /** A started fetcher that connects only to addresses {@code check} allows. */
  public PageFetcher(FetchSettings settings, AddressCheck check) {
    this.contentLimit = settings.contentLimitBytes();
    this.maxRedirects = settings.maxRedirects();
    this.timeoutMillis = settings.timeout().toMillis();

    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, 2);
    threads.setName("trawl-fetch-http");
    threads.setDaemon(true);
    ScheduledExecutorScheduler scheduler =
        new ScheduledExecutorScheduler("trawl-fetch-scheduler", true);
    long connectMillis = settings.connectTimeout().toMillis();

    client = new HttpClient();
    client.setName("trawl-fetch");
    client.setExecutor(threads);
    client.setScheduler(scheduler);
    client.setSocketAddressResolver(
        new CheckedAddressResolver(
            new SocketAddressResolver.Async(threads, scheduler, connectMillis), check));
    client.setConnectTimeout(connectMillis);
    client.setIdleTimeout(timeoutMillis);
    client.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, settings.userAgent()));
    client.setFollowRedirects(maxRedirects > 0);
    client.setMaxRedirects(maxRedirects);
    // The worker's own limits bound the load; Jetty must never be the one to refuse a request.
    client.setMaxConnectionsPerDestination(settings.hostMaxInFlight());
    client.setMaxRequestsQueuedPerDestination(Math.max(1024, 2 * settings.maxInFlight()));
    client.setDestinationIdleTimeout(60_000);
    // A crawler shares no state between pages: no cookies, no cached permanent redirects.
    client.setHttpCookieStore(new HttpCookieStore.Empty());
    client.setRedirectCache(NoRedirectCache.INSTANCE);
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the HTTP client: " + e, e);
    }
  }

  /**
   * Fetches {@code url}; the future completes with the page (any status) or with the failure that
   * prevented a response. Never throws.
   */
  public CompletableFuture<HttpPage> fetch(URI url) {
    CompletableFuture<HttpPage> future = new CompletableFuture<>();
    try {
      Request request = client.newRequest(url).timeout(timeoutMillis, TimeUnit.MILLISECONDS);
      request.send(new PageListener(contentLimit, maxRedirects, future));
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
    }
    return future;
  }

  /** Stops the client; fetches still running fail. */
  @Override
  public void close() {
    try {
      client.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the HTTP client: " + e, e);
    }
  }

  /** Caches nothing, so every redirect is requested and appears in the chain. */
  private enum NoRedirectCache implements RedirectCache {
    INSTANCE;

    @Override
    public MethodOriginTarget get(MethodOriginTarget key) {
      return null;
    }

    @Override
    public void put(MethodOriginTarget key, int status, MethodOriginTarget value) {}

    @Override
    public int size() {
      return 0;
    }

    @Override
    public void clear() {}
  }
}
