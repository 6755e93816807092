package dev.trawl.fetch.internal.http;

import dev.trawl.fetch.internal.decode.BodyBudget;
import dev.trawl.fetch.internal.decode.BodyDecoder;
import dev.trawl.fetch.internal.decode.BodySink;
import java.io.IOException;
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
 * Collects one response: refuses a body whose Content-Type is not allowed (the exchange is aborted
 * once the headers are in, so the body is never downloaded), decodes its Content-Encodings (see
 * {@link BodyDecoder}), keeps at most {@code contentLimit} decoded body bytes and, when more
 * arrive, marks the page truncated and aborts the exchange so nothing more is read or decoded (a
 * decompression bomb costs at most one chunk past the limit). Every byte kept is counted in the
 * {@link BodyBudget}: released here when the exchange fails, otherwise held by the page. Completes
 * its future exactly once.
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

  /**
   * Copied too when the body is kept as received (a coding the worker does not decode), so that
   * downstream can tell; a decoded body's header would describe bytes that are not there.
   */
  private static final String ENCODING = "content-encoding";

  /** The abort reason that means "content limit reached", recognised by identity. */
  private final Throwable limitReached = new Abort("content limit reached");

  /** The abort reason that means "content type not allowed", recognised by identity. */
  private final Throwable typeRefused = new Abort("content type not allowed");

  private final int contentLimit;
  private final AllowedMediaTypes types;
  private final BodyBudget budget;
  private final int maxRedirects;
  private final CompletableFuture<HttpPage> future;
  private final BodySink body;
  private BodyDecoder decoder;
  private boolean refused;

  PageListener(
      int contentLimit,
      AllowedMediaTypes types,
      BodyBudget budget,
      int maxRedirects,
      CompletableFuture<HttpPage> future) {
    this.contentLimit = contentLimit;
    this.types = types;
    this.budget = budget;
    this.maxRedirects = maxRedirects;
    this.future = future;
    this.body = new BodySink(contentLimit, budget);
  }

  @Override
  public void onHeaders(Response response) {
    int status = response.getStatus();
    boolean redirect = status >= 300 && status < 400;
    if (!redirect && !types.allows(response.getHeaders().get(HttpHeader.CONTENT_TYPE))) {
      refused = true;
      response.abort(typeRefused);
      return;
    }
    decoder =
        BodyDecoder.forEncodings(
            response.getHeaders().getValuesList(HttpHeader.CONTENT_ENCODING), contentLimit, budget);
  }

  @Override
  public void onContent(Response response, ByteBuffer chunk) {
    if (refused || body.full()) {
      return;
    }
    boolean room;
    try {
      room = decoder == null ? keep(response, chunk) : decoder.decode(chunk, body);
    } catch (IOException | RuntimeException e) {
      response.abort(e);
      return;
    }
    if (!room) {
      response.abort(limitReached);
    }
  }

  /** Keeps a chunk not decoded (identity or not supported); false when it did not fit. */
  private boolean keep(Response response, ByteBuffer chunk) {
    // Sized from Content-Length when known, so that such a body is never grown and copied.
    body.expect(
        Math.max(chunk.remaining(), response.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH)));
    return body.write(chunk);
  }

  @Override
  public void onComplete(Result result) {
    try {
      complete(result);
    } catch (RuntimeException e) {
      body.discard();
      future.completeExceptionally(e);
    } finally {
      if (decoder != null) {
        decoder.discard();
      }
    }
  }

  private void complete(Result result) {
    Throwable failure = result.getFailure();
    RedirectTrace trace = RedirectTrace.of(result.getRequest());
    if (failure == null || isOwn(failure, limitReached) || isOwn(failure, typeRefused)) {
      if (decoder != null && !refused) {
        try {
          decoder.finish(body, failure != null);
        } catch (IOException e) {
          body.discard();
          future.completeExceptionally(e);
          return;
        }
      }
      future.complete(page(result.getResponse(), trace));
      return;
    }
    body.discard();
    if (failure instanceof HttpResponseException
        && trace.redirects() >= maxRedirects
        && isRedirect(((HttpResponseException) failure).getResponse())) {
      future.completeExceptionally(
          new TooManyRedirectsException(
              "more than " + maxRedirects + " redirects, last from " + trace.last(), failure));
    } else {
      future.completeExceptionally(failure);
    }
  }

  private static boolean isOwn(Throwable failure, Throwable reason) {
    return failure == reason || failure.getCause() == reason;
  }

  private HttpPage page(Response response, RedirectTrace trace) {
    Map<String, String> headers = new HashMap<>();
    for (HttpField field : response.getHeaders()) {
      String name = field.getLowerCaseName();
      if (SELECTED_HEADERS.contains(name) || name.equals(ENCODING) && decoder == null) {
        headers.merge(name, field.getValue(), (a, b) -> a + ", " + b);
      }
    }
    return new HttpPage(
        response.getStatus(),
        response.getRequest().getURI().toString(),
        trace.redirectChain(),
        headers,
        response.getHeaders().get(HttpHeader.CONTENT_TYPE),
        body.toByteArray(),
        body.full(),
        null,
        refused);
  }

  private static boolean isRedirect(Response response) {
    return response != null && response.getStatus() >= 300 && response.getStatus() < 400;
  }

  /** Aborts an exchange on purpose (limit, type); never escapes this class. */
  private static final class Abort extends Exception {
    Abort(String message) {
      super(message, null, false, false);
    }
  }
}
