package dev.trawl.embedded.internal;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Answers every request of the demo site after a fixed latency, without holding a thread while it
 * waits: {@link #handle} computes the answer, schedules its write and returns at once.
 */
public final class SiteHandler extends Handler.Abstract.NonBlocking {
  private static final String HTML = "text/html; charset=utf-8";
  private static final byte[] NOT_FOUND = errorPage("404 Not Found");
  private static final byte[] SERVER_ERROR = errorPage("500 Internal Server Error");

  private final SiteLayout layout;
  private final PageGenerator pages;
  private final Scheduler scheduler;
  private final long latencyNanos;

  /** Requests handled so far; incremented by Jetty threads, read by anyone. */
  private final LongAdder served = new LongAdder();

  /** Creates a handler answering after {@code latency} using {@code scheduler}. */
  public SiteHandler(
      SiteLayout layout, PageGenerator pages, Scheduler scheduler, Duration latency) {
    this.layout = layout;
    this.pages = pages;
    this.scheduler = scheduler;
    this.latencyNanos = latency.toNanos();
  }

  /** Returns how many requests this handler has taken. */
  public long served() {
    return served.sum();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    served.increment();
    int host = hostOf(request.getConnectionMetaData().getLocalSocketAddress());
    int page = layout.pageIndex(Request.getPathInContext(request));
    int status = layout.status(host, page);
    byte[] body = status == 200 ? pages.page(host, page) : status == 500 ? SERVER_ERROR : NOT_FOUND;
    Runnable write = () -> write(response, callback, status, body);
    if (latencyNanos == 0) {
      write.run();
    } else {
      scheduler.schedule(write, latencyNanos, TimeUnit.NANOSECONDS);
    }
    return true;
  }

  private static void write(Response response, Callback callback, int status, byte[] body) {
    try {
      response.setStatus(status);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, HTML);
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
      response.write(true, ByteBuffer.wrap(body), callback);
    } catch (RuntimeException e) {
      // Jetty callbacks never throw: the failure goes back through the callback.
      callback.failed(e);
    }
  }

  private int hostOf(SocketAddress local) {
    if (local instanceof InetSocketAddress) {
      return layout.hostIndex(((InetSocketAddress) local).getAddress().getHostAddress());
    }
    return -1;
  }

  private static byte[] errorPage(String message) {
    String html =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<title>"
            + message
            + "</title>\n</head>\n<body>\n<h1>"
            + message
            + "</h1>\n</body>\n</html>\n";
    return html.getBytes(StandardCharsets.UTF_8);
  }
}
