package dev.trawl.producer;

import java.time.Duration;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Lets {@code threads} intake requests run at once and {@code queue} more wait without holding a
 * thread, for at most the read timeout; any request beyond, or waiting longer, gets 503 with {@code
 * Retry-After}, so that overload costs neither memory nor threads.
 */
final class Admission extends QoSHandler {

  /** Seconds a refused client is asked to wait: about one request's time. */
  static final int RETRY_AFTER_SECONDS = 1;

  Admission(IntakeSettings settings, Handler intake) {
    super(intake);
    setMaxRequestCount(settings.threads());
    setMaxSuspendedRequestCount(settings.queue());
    setMaxSuspend(settings.readTimeout());
    setRejectStatusCode(503);
  }

  @Override
  protected void reject(Request request, Response response, Callback callback, int status) {
    overloaded(response, callback);
  }

  @Override
  protected void failSuspended(
      Request request, Response response, Callback callback, int status, Throwable failure) {
    overloaded(response, callback);
  }

  private void overloaded(Response response, Callback callback) {
    response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
    IntakeServer.respond(
        response,
        503,
        IntakeServer.error(
            "OVERLOADED",
            "the intake is handling "
                + getMaxRequestCount()
                + " requests with "
                + getMaxSuspendedRequestCount()
                + " waiting; retry after "
                + Duration.ofSeconds(RETRY_AFTER_SECONDS).toSeconds()
                + " s"),
        callback);
  }
}
