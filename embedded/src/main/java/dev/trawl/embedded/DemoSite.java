package dev.trawl.embedded;

import dev.trawl.embedded.internal.FreePorts;
import dev.trawl.embedded.internal.PageGenerator;
import dev.trawl.embedded.internal.SiteHandler;
import dev.trawl.embedded.internal.SiteLayout;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;

/**
 * A synthetic web site for crawling demos, tests and benchmarks: {@code hosts} host names, each a
 * loopback address 127.0.0.(i+1) on one shared port, serving deterministic HTML pages after a fixed
 * latency.
 */
public final class DemoSite implements AutoCloseable {
  private static final int BIND_ATTEMPTS = 10;
  private static final int ACCEPT_QUEUE = 4096;
  private static final long IDLE_TIMEOUT_MS = 30_000;

  private final Server server;
  private final SiteLayout layout;
  private final SiteHandler handler;

  private DemoSite(Server server, SiteLayout layout, SiteHandler handler) {
    this.server = server;
    this.layout = layout;
    this.handler = handler;
  }

  /** Starts a site on a free port with {@code options}. */
  public static DemoSite start(Options options) {
    return start(options, 0);
  }

  /** Starts a site on {@code port} of every host address, or on a free port if it is 0. */
  public static DemoSite start(Options options, int port) {
    Objects.requireNonNull(options, "options");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be in [0, 65535], was " + port);
    }
    for (int attempt = 1; ; attempt++) {
      int candidate = port == 0 ? FreePorts.pick() : port;
      try {
        return bindAndStart(options, candidate);
      } catch (BindException e) {
        // Some address already had the picked port in use: pick another one for all of them.
        if (port != 0 || attempt >= BIND_ATTEMPTS) {
          throw new IllegalStateException("cannot bind the demo site to port " + candidate, e);
        }
      }
    }
  }

  private static DemoSite bindAndStart(Options options, int port) throws BindException {
    QueuedThreadPool threads = new QueuedThreadPool(256 + options.hosts());
    threads.setName("demo-site");
    threads.setDaemon(true);
    ScheduledExecutorScheduler scheduler =
        new ScheduledExecutorScheduler("demo-site-delay", true, 2);
    Server server = new Server(threads, scheduler, null);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    List<ServerConnector> connectors = new ArrayList<>();
    try {
      for (int i = 0; i < options.hosts(); i++) {
        // No acceptor thread: the connector's one selector accepts, so each host costs one thread.
        ServerConnector connector =
            new ServerConnector(server, 0, 1, new HttpConnectionFactory(http));
        connector.setHost(SiteLayout.address(i));
        connector.setPort(port);
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        connector.setIdleTimeout(IDLE_TIMEOUT_MS);
        connectors.add(connector);
        connector.open();
        server.addConnector(connector);
      }
    } catch (IOException e) {
      connectors.forEach(ServerConnector::close);
      if (e.getCause() instanceof BindException) {
        throw (BindException) e.getCause();
      }
      throw new IllegalStateException("cannot open the demo site on port " + port, e);
    }
    SiteLayout layout =
        new SiteLayout(
            options.hosts(),
            options.pagesPerHost(),
            port,
            options.serverErrorRate(),
            options.notFoundRate(),
            options.seed());
    PageGenerator pages = new PageGenerator(layout, options.pageBytes(), options.pageCacheBytes());
    SiteHandler handler = new SiteHandler(layout, pages, scheduler, options.latency());
    server.setHandler(handler);
    try {
      server.start();
    } catch (Exception e) {
      stopQuietly(server, e);
      throw new IllegalStateException("cannot start the demo site on port " + port, e);
    }
    return new DemoSite(server, layout, handler);
  }

  /** Returns the port that every host listens on. */
  public int port() {
    return layout.port();
  }

  /** Returns the host names, {@code 127.0.0.1} to {@code 127.0.0.H}. */
  public List<String> hosts() {
    List<String> hosts = new ArrayList<>(layout.hosts());
    for (int i = 0; i < layout.hosts(); i++) {
      hosts.add(SiteLayout.address(i));
    }
    return List.copyOf(hosts);
  }

  /** Returns page 0 of every host, each of which answers 200. */
  public List<String> seedUrls() {
    return pageUrls(layout.hosts());
  }

  /**
   * Returns {@code count} distinct URLs of existing pages (page numbers below pagesPerHost), taken
   * round-robin across hosts: page 0 of every host, then page 1 of every host, and so on.
   */
  public List<String> pageUrls(int count) {
    int max = layout.hosts() * layout.pagesPerHost();
    if (count < 0 || count > max) {
      throw new IllegalArgumentException("count must be in [0, " + max + "], was " + count);
    }
    List<String> urls = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      urls.add(layout.pageUrl(i % layout.hosts(), i / layout.hosts()));
    }
    return List.copyOf(urls);
  }

  /** Returns the URL of page {@code page} of host {@code host} (an index into {@link #hosts()}). */
  public String pageUrl(int host, int page) {
    if (host < 0 || host >= layout.hosts() || page < 0 || page >= layout.pagesPerHost()) {
      throw new IllegalArgumentException("no page " + page + " on host " + host);
    }
    return layout.pageUrl(host, page);
  }

  /**
   * Returns the status (200, 404 or 500) that a GET of {@code url}, a URL of this site, answers.
   */
  public int expectedStatus(String url) {
    Objects.requireNonNull(url, "url");
    int status = layout.status(URI.create(url));
    if (status < 0) {
      throw new IllegalArgumentException("not a URL of this demo site: " + url);
    }
    return status;
  }

  /** Returns how many requests the site has taken since it started. */
  public long requestsServed() {
    return handler.served();
  }

  /** Stops the server; requests still waiting for their latency get no answer. */
  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the demo site", e);
    }
  }

  private static void stopQuietly(Server server, Exception cause) {
    try {
      server.stop();
    } catch (Exception e) {
      cause.addSuppressed(e);
    }
  }

  /**
   * What the site serves.
   *
   * @param hosts number of host names, 1 to 254 (127.0.0.1 to 127.0.0.254)
   * @param pagesPerHost pages per host; page K exists for K in [0, pagesPerHost)
   * @param latency fixed delay before each answer, zero or more
   * @param pageBytes approximate size of a page body in bytes, 4 KiB to 16 MiB
   * @param serverErrorRate share of pages (except page 0) answering 500
   * @param notFoundRate share of pages (except page 0) answering 404, besides missing pages
   * @param seed seed of everything random about the pages
   * @param pageCacheBytes bytes of generated pages kept to serve again (0: none); benchmarks use it
   *     so that generating pages does not take CPU from the crawler under test
   */
  public record Options(
      int hosts,
      int pagesPerHost,
      Duration latency,
      int pageBytes,
      double serverErrorRate,
      double notFoundRate,
      long seed,
      long pageCacheBytes) {
    /** Checks every value, with a message naming the bad one. */
    public Options {
      require(hosts >= 1 && hosts <= 254, "hosts must be in [1, 254], was " + hosts);
      require(pagesPerHost >= 1, "pagesPerHost must be at least 1, was " + pagesPerHost);
      Objects.requireNonNull(latency, "latency");
      require(!latency.isNegative(), "latency must not be negative, was " + latency);
      require(
          pageBytes >= 4096 && pageBytes <= 16 * 1024 * 1024,
          "pageBytes must be in [4096, 16777216], was " + pageBytes);
      require(
          serverErrorRate >= 0 && serverErrorRate <= 1,
          "serverErrorRate must be in [0, 1], was " + serverErrorRate);
      require(
          notFoundRate >= 0 && notFoundRate <= 1,
          "notFoundRate must be in [0, 1], was " + notFoundRate);
      require(
          serverErrorRate + notFoundRate <= 1,
          "serverErrorRate + notFoundRate must be at most 1, was "
              + (serverErrorRate + notFoundRate));
      require(pageCacheBytes >= 0, "pageCacheBytes must not be negative, was " + pageCacheBytes);
    }

    /** 10 hosts of 2,000 pages of about 38 KB, 50 ms latency, 2% answering 500, 1% 404. */
    public static Options defaults() {
      return new Options(10, 2_000, Duration.ofMillis(50), 38_000, 0.02, 0.01, 42L, 0);
    }

    public Options withHosts(int hosts) {
      return copy(b -> b.hosts = hosts);
    }

    public Options withPagesPerHost(int pagesPerHost) {
      return copy(b -> b.pagesPerHost = pagesPerHost);
    }

    public Options withLatency(Duration latency) {
      return copy(b -> b.latency = latency);
    }

    public Options withPageBytes(int pageBytes) {
      return copy(b -> b.pageBytes = pageBytes);
    }

    public Options withServerErrorRate(double serverErrorRate) {
      return copy(b -> b.serverErrorRate = serverErrorRate);
    }

    public Options withNotFoundRate(double notFoundRate) {
      return copy(b -> b.notFoundRate = notFoundRate);
    }

    public Options withSeed(long seed) {
      return copy(b -> b.seed = seed);
    }

    public Options withPageCacheBytes(long pageCacheBytes) {
      return copy(b -> b.pageCacheBytes = pageCacheBytes);
    }

    /** A copy of these settings with {@code change} applied to its components, validated again. */
    private Options copy(Consumer<Components> change) {
      Components b = new Components(this);
      change.accept(b);
      return b.build();
    }

    /** The components of an Options, to change some of them before building a new one. */
    private static final class Components {
      int hosts;
      int pagesPerHost;
      Duration latency;
      int pageBytes;
      double serverErrorRate;
      double notFoundRate;
      long seed;
      long pageCacheBytes;

      Components(Options from) {
        hosts = from.hosts;
        pagesPerHost = from.pagesPerHost;
        latency = from.latency;
        pageBytes = from.pageBytes;
        serverErrorRate = from.serverErrorRate;
        notFoundRate = from.notFoundRate;
        seed = from.seed;
        pageCacheBytes = from.pageCacheBytes;
      }

      Options build() {
        return new Options(
            hosts,
            pagesPerHost,
            latency,
            pageBytes,
            serverErrorRate,
            notFoundRate,
            seed,
            pageCacheBytes);
      }
    }

    private static void require(boolean condition, String message) {
      if (!condition) {
        throw new IllegalArgumentException(message);
      }
    }
  }
}
