package dev.trawl.fetch.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;

/**
 * Collects one response: keeps at most {@code contentLimit} decoded body bytes and, when more
 * arrive, marks the page truncated and aborts the exchange so nothing more is read or decoded (a
 * gzip bomb costs at most one chunk past the limit). Completes its future exactly once.
 *
 * <p>Thread-safety: Jetty calls the listener methods of one exchange one after another, each
 * happening-before the next, so the fields need no locking. Callbacks never block or throw.
 */
final class PageListener implements Response.Listener {

  /** Response headers copied into {@link HttpPage#headers()}. */
  static final List<String> SELECTED_HEADERS =
      List.of(
          "content-type",
          "content-length",
          "last-modified",
          "etag",
          "server",
          "location",
          "retry-after");

  /** The abort reason that means "content limit reached", recognised by identity. */
  private final Throwable limitReached = new ContentLimitReached();

  private final int contentLimit;
  private final int maxRedirects;
  private final CompletableFuture<HttpPage> future;
  private ByteArrayOutputStream body;
  private boolean truncated;

  PageListener(int contentLimit, int maxRedirects, CompletableFuture<HttpPage> future) {
    this.contentLimit = contentLimit;
    this.maxRedirects = maxRedirects;
    this.future = future;
  }

  @Override
  public void onContent(Response response, ByteBuffer chunk) {
    if (truncated) {
      return;
    }
    if (body == null) {
      // Sized from Content-Length when known: growing a 38 KB body from 8 KB copied it 3 times.
      long declared = response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH);
      int initial =
          (int) Math.min(contentLimit, Math.max(chunk.remaining(), Math.max(8192, declared)));
      body = new ByteArrayOutputStream(initial);
    }
    int room = contentLimit - body.size();
    int length = Math.min(room, chunk.remaining());
    if (chunk.hasArray()) {
      body.write(chunk.array(), chunk.arrayOffset() + chunk.position(), length);
    } else {
      byte[] copy = new byte[length];
      chunk.get(copy);
      body.write(copy, 0, length);
    }
    if (chunk.remaining() > room) {
      truncated = true;
      response.abort(limitReached);
    }
  }

  @Override
  public void onComplete(Result result) {
    try {
      complete(result);
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
    }
  }

  private void complete(Result result) {
    Throwable failure = result.getFailure();
    RedirectTrace trace = RedirectTrace.of(result.getRequest());
    if (failure == null || failure == limitReached || failure.getCause() == limitReached) {
      future.complete(page(result.getResponse(), trace));
    } else if (failure instanceof HttpResponseException
        && trace.redirects() >= maxRedirects
        && isRedirect(((HttpResponseException) failure).getResponse())) {
      future.completeExceptionally(
          new TooManyRedirectsException(
              "more than " + maxRedirects + " redirects, last from " + trace.last(), failure));
    } else {
      future.completeExceptionally(failure);
    }
  }

  private HttpPage page(Response response, RedirectTrace trace) {
    Map<String, String> headers = new HashMap<>();
    for (HttpField field : response.getHeaders()) {
      String name = field.getLowerCaseName();
      if (SELECTED_HEADERS.contains(name)) {
        headers.merge(name, field.getValue(), (a, b) -> a + ", " + b);
      }
    }
    return new HttpPage(
        response.getStatus(),
        response.getRequest().getURI().toString(),
        trace.redirectChain(),
        headers,
        response.getHeaders().get(HttpHeader.CONTENT_TYPE),
        body == null ? new byte[0] : body.toByteArray(),
        truncated);
  }

  private static boolean isRedirect(Response response) {
    return response != null && response.getStatus() >= 300 && response.getStatus() < 400;
  }

  /** Aborts an exchange whose body exceeds the content limit; never escapes this class. */
  private static final class ContentLimitReached extends Exception {
    ContentLimitReached() {
      super("content limit reached", null, false, false);
    }
  }
}
