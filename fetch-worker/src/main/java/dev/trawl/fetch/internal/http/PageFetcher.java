package dev.trawl.fetch.internal.http;

import dev.trawl.fetch.internal.decode.BodyBudget;
import dev.trawl.fetch.internal.decode.BodyDecoder;
import dev.trawl.fetch.internal.proxy.ProxyEndpoint;
import dev.trawl.fetch.internal.proxy.ProxyPool;
import dev.trawl.fetch.internal.proxy.ProxyRoutes;
import dev.trawl.fetch.internal.ssrf.CheckedAddressResolver;
import dev.trawl.fetch.internal.ssrf.ResolvingAddressResolver;
import dev.trawl.runtime.crawl.Urls;
import dev.trawl.runtime.net.AddressFilter;
import dev.trawl.runtime.net.HostResolver;
import dev.trawl.schemas.ErrorType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.RedirectCache;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Fetches pages with asynchronous Jetty {@link HttpClient}s (one for direct connections, one per
 * proxy, see {@link ProxyRoutes}): GET, redirects followed up to the limit, content decoded (gzip,
 * deflate, brotli) and capped, content types filtered, total and connect timeouts. The caller
 * bounds how many fetches run at once; the client is sized for that bound and never queues beyond
 * it.
 *
 * <p>Thread-safety: {@link #fetch} may be called from any thread; it never blocks.
 */
public final class PageFetcher implements AutoCloseable {

  /** A few threads suffice: I/O is non-blocking, and listeners never block. */
  static final int MAX_THREADS = 16;

  /** The client of direct connections. */
  private final HttpClient client;

  /** One client per proxy and the pool that picks one, or null without proxies. */
  private final ProxyRoutes routes;

  private final int contentLimit;
  private final AllowedMediaTypes contentTypes;
  private final BodyBudget budget;

  /**
   * The most of a robots.txt read and parsed: Google reads 500 KiB, and RFC 9309 asks crawlers to
   * parse at least that much.
   */
  static final int ROBOTS_MAX_BYTES = 500 * 1024;

  /** The most of a response's status line and headers read (browsers accept 256 KiB). */
  static final int MAX_RESPONSE_HEADERS_BYTES = 256 * 1024;

  /** Counts the bodies of {@link #fetch}, outside the body budget: never a reason to wait. */
  private final BodyBudget untracked;

  /** Counts robots.txt bodies, parsed and dropped at once: never a reason to wait. */
  private final BodyBudget robotsBudget;

  private final long robotsTimeoutMillis;

  private final int maxRedirects;
  private final long timeoutMillis;

  /**
   * What a fetcher is built with: the worker's settings, as the fetcher reads them.
   *
   * @param connectTimeout the TCP connect timeout
   * @param timeout total time of one fetch, redirects included
   * @param robotsTimeout total time of one robots.txt fetch, redirects included
   * @param userAgent the User-Agent header
   * @param maxRedirects redirects followed at most
   * @param maxInFlight fetches the caller runs at once, all hosts together
   * @param hostMaxInFlight fetches the caller runs at once per host
   * @param contentLimitBytes decoded body bytes kept of one response
   * @param contentTypes the media types whose bodies are read
   * @param bodyBudgetBytes body bytes held by all fetches together before new fetches wait
   * @param proxies the proxies to fetch through; empty for direct connections
   * @param proxyRotation how a proxy is picked for a request
   * @param proxyFailureThreshold consecutive connection failures that bench a proxy
   * @param proxyCooldown how long a benched proxy sits out
   */
  public record Options(
      Duration connectTimeout,
      Duration timeout,
      Duration robotsTimeout,
      String userAgent,
      int maxRedirects,
      int maxInFlight,
      int hostMaxInFlight,
      int contentLimitBytes,
      AllowedMediaTypes contentTypes,
      long bodyBudgetBytes,
      List<ProxyEndpoint> proxies,
      ProxyPool.Rotation proxyRotation,
      int proxyFailureThreshold,
      Duration proxyCooldown) {

    public Options {
      proxies = List.copyOf(proxies);
    }
  }

  /** A started fetcher that connects anywhere. */
  public PageFetcher(Options options) {
    this(options, address -> true);
  }

  /** Like {@link #PageFetcher(Options, AddressFilter, MeterRegistry)}, meters unregistered. */
  public PageFetcher(Options options, AddressFilter check) {
    this(options, check, new SimpleMeterRegistry());
  }

  /**
   * Like {@link #PageFetcher(Options, AddressFilter, MeterRegistry, HostResolver)}, with the
   * system's resolver.
   */
  public PageFetcher(Options options, AddressFilter check, MeterRegistry registry) {
    this(options, check, registry, HostResolver.SYSTEM);
  }

  /**
   * A started fetcher that connects only to addresses {@code check} allows of those {@code
   * resolver} gives (proxies' own names included), directly or through the proxies of {@code
   * options}, with per-proxy meters in {@code registry}.
   */
  public PageFetcher(
      Options options, AddressFilter check, MeterRegistry registry, HostResolver resolver) {
    this.contentLimit = options.contentLimitBytes();
    this.contentTypes = options.contentTypes();
    this.budget = new BodyBudget(options.bodyBudgetBytes(), contentLimit);
    this.untracked = BodyBudget.unlimited(contentLimit);
    this.robotsBudget = BodyBudget.unlimited(ROBOTS_MAX_BYTES);
    this.robotsTimeoutMillis = options.robotsTimeout().toMillis();
    this.maxRedirects = options.maxRedirects();
    this.timeoutMillis = options.timeout().toMillis();

    List<ProxyEndpoint> proxies = options.proxies();
    // Each client holds one selector thread of the shared pool for good.
    QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS + 2 * proxies.size(), 2);
    threads.setName("trawl-fetch-http");
    threads.setDaemon(true);
    ScheduledExecutorScheduler scheduler =
        new ScheduledExecutorScheduler("trawl-fetch-scheduler", true);
    SocketAddressResolver lookups =
        new ResolvingAddressResolver(
            resolver, threads, scheduler, options.connectTimeout().toMillis());

    client = newClient(options, threads, scheduler, "trawl-fetch");
    client.setSocketAddressResolver(new CheckedAddressResolver(lookups, check));
    try {
      client.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the HTTP client: " + e, e);
    }
    routes =
        proxies.isEmpty()
            ? null
            : routes(options, proxies, threads, scheduler, lookups, check, registry);
  }

  /** One started client per proxy; stops the direct client if they cannot start. */
  private ProxyRoutes routes(
      Options options,
      List<ProxyEndpoint> proxies,
      QueuedThreadPool threads,
      Scheduler scheduler,
      SocketAddressResolver resolver,
      AddressFilter check,
      MeterRegistry registry) {
    try {
      return new ProxyRoutes(
          proxies,
          new ProxyPool<>(
              proxies,
              options.proxyRotation(),
              options.proxyFailureThreshold(),
              options.proxyCooldown().toMillis(),
              System::currentTimeMillis,
              bound -> ThreadLocalRandom.current().nextInt(bound)),
          proxy -> newClient(options, threads, scheduler, "trawl-fetch " + proxy.id()),
          resolver,
          check,
          registry);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** A client with the fetcher's settings, not started, without resolver or proxy. */
  private HttpClient newClient(
      Options options, QueuedThreadPool threads, Scheduler scheduler, String name) {
    HttpClient http = new UndecodingHttpClient();
    http.setName(name);
    http.setExecutor(threads);
    http.setScheduler(scheduler);
    http.setConnectTimeout(options.connectTimeout().toMillis());
    http.setIdleTimeout(timeoutMillis);
    // Jetty reads headers without limit by default, outside the body budget.
    http.setMaxResponseHeadersSize(MAX_RESPONSE_HEADERS_BYTES);
    http.setUserAgentField(new HttpField(HttpHeader.USER_AGENT, options.userAgent()));
    http.setFollowRedirects(maxRedirects > 0);
    http.setMaxRedirects(maxRedirects);
    // The worker's own limits bound the load; Jetty must never be the one to refuse a request.
    http.setMaxConnectionsPerDestination(options.hostMaxInFlight());
    http.setMaxRequestsQueuedPerDestination(Math.max(1024, 2 * options.maxInFlight()));
    http.setDestinationIdleTimeout(60_000);
    // A crawler shares no state between pages: no cookies, no cached permanent redirects.
    http.setHttpCookieStore(new HttpCookieStore.Empty());
    http.setRedirectCache(NoRedirectCache.INSTANCE);
    return http;
  }

  /**
   * Fetches {@code url} whatever its content type, following redirects, outside the body budget;
   * the future completes with the page (any status) or with the failure that prevented a response.
   * Never throws.
   */
  public CompletableFuture<HttpPage> fetch(URI url) {
    return fetchFollowing(url, contentLimit, untracked, timeoutMillis);
  }

  /**
   * Fetches a robots.txt like {@link #fetch}, within the robots.txt timeout (not a page's), keeping
   * at most {@link #ROBOTS_MAX_BYTES} of it (a longer one is parsed as far as it was read). Never
   * throws.
   */
  public CompletableFuture<HttpPage> fetchRobots(URI url) {
    return fetchFollowing(url, ROBOTS_MAX_BYTES, robotsBudget, robotsTimeoutMillis);
  }

  private CompletableFuture<HttpPage> fetchFollowing(
      URI url, int limit, BodyBudget budget, long timeout) {
    ProxyRoutes.Route route = route(url);
    CompletableFuture<HttpPage> future = new CompletableFuture<>();
    try {
      Request request =
          clientOf(route)
              .newRequest(url)
              .headers(h -> h.put(HttpHeader.ACCEPT_ENCODING, BodyDecoder.ACCEPT_ENCODING))
              .idleTimeout(timeout, TimeUnit.MILLISECONDS)
              .timeout(timeout, TimeUnit.MILLISECONDS);
      request.send(new PageListener(limit, AllowedMediaTypes.ANY, budget, maxRedirects, future));
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
    }
    return tracked(route, future);
  }

  /**
   * Sends one request for {@code url} with {@code headers}, without following a redirect: a 3xx
   * completes the future like any other response, for the caller to check the next hop. A response
   * of a content type not allowed completes without its body ({@link
   * HttpPage#contentTypeRefused()}). The body's bytes stay counted in {@link #budget()} until
   * {@link #release} is called. Never throws.
   */
  public CompletableFuture<HttpPage> fetchHop(
      URI url, Map<String, String> headers, long timeoutMillis) {
    ProxyRoutes.Route route = route(url);
    CompletableFuture<HttpPage> future = new CompletableFuture<>();
    try {
      Request request =
          clientOf(route)
              .newRequest(url)
              .followRedirects(false)
              .headers(h -> h.put(HttpHeader.ACCEPT_ENCODING, BodyDecoder.ACCEPT_ENCODING))
              .timeout(Math.max(1, timeoutMillis), TimeUnit.MILLISECONDS);
      headers.forEach((name, value) -> request.headers(h -> h.put(name, value)));
      request.send(new PageListener(contentLimit, contentTypes, budget, 0, future));
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
    }
    return tracked(route, future);
  }

  /** The proxy and client for a request to {@code url}, or null to connect directly. */
  private ProxyRoutes.Route route(URI url) {
    return routes == null ? null : routes.pick(Urls.host(url));
  }

  private HttpClient clientOf(ProxyRoutes.Route route) {
    return route == null ? client : route.client();
  }

  /**
   * {@code future}, with its end reported to the proxy pool (a connection failure or a timeout
   * counts against the proxy) and the proxy recorded in the page, or in a {@link ProxiedException}
   * around the failure.
   */
  private CompletableFuture<HttpPage> tracked(
      ProxyRoutes.Route route, CompletableFuture<HttpPage> future) {
    if (route == null) {
      return future;
    }
    routes.sent(route);
    String proxyId = route.proxy().id();
    return future
        .handle(
            (page, failure) -> {
              if (page != null) {
                routes.answered(route, page.status());
                return CompletableFuture.completedFuture(page.withProxyId(proxyId));
              }
              ErrorType type = ErrorTypes.of(failure);
              if (type == ErrorType.CONNECT || type == ErrorType.TIMEOUT) {
                routes.failed(route);
              }
              return CompletableFuture.<HttpPage>failedFuture(
                  new ProxiedException(proxyId, failure));
            })
        .thenCompose(Function.identity());
  }

  /** The memory budget of response bodies, shared by every fetch of this fetcher. */
  public BodyBudget budget() {
    return budget;
  }

  /** Ends the life of {@code page}'s body: its bytes no longer count in the budget. */
  public void release(HttpPage page) {
    if (page != null) {
      budget.release(page.body().length);
    }
  }

  /** The total time of one fetch, redirects included, in milliseconds. */
  public long timeoutMillis() {
    return timeoutMillis;
  }

  /** Redirects followed at most. */
  public int maxRedirects() {
    return maxRedirects;
  }

  /** Stops the client; fetches still running fail. */
  @Override
  public void close() {
    if (routes != null) {
      routes.close();
    }
    try {
      client.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the HTTP client: " + e, e);
    }
  }

  /**
   * A client that leaves every Content-Encoding to {@link BodyDecoder}. Jetty 12.1 would decode the
   * outermost coding itself when it has a decoder for it (gzip, and on start any compression found
   * on the class path) and drop it from the header; decoding every layer in one place keeps one
   * content limit over all of them, whatever the class path holds.
   */
  private static final class UndecodingHttpClient extends HttpClient {
    @Override
    protected void doStart() throws Exception {
      super.doStart();
      getContentDecoderFactories().clear();
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
