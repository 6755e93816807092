package dev.trawl.fetch.internal.http;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.transport.HttpExchange;
import org.eclipse.jetty.client.transport.HttpRequest;

/**
 * The URLs a fetch requested, in order: the original request and each redirect, read from the Jetty
 * conversation that holds one exchange per request. (A request tag would be simpler to carry, but
 * Jetty makes the tag part of the destination: one connection pool per tag.)
 */
final class RedirectTrace {

  private final List<String> requested;

  private RedirectTrace(List<String> requested) {
    this.requested = requested;
  }

  /** The trace of the conversation {@code last} belongs to, read once it has completed. */
  static RedirectTrace of(Request last) {
    List<String> requested = new ArrayList<>(2);
    if (last instanceof HttpRequest request) {
      for (HttpExchange exchange : request.getConversation().getExchanges()) {
        requested.add(exchange.getRequest().getURI().toString());
      }
    }
    if (requested.isEmpty()) {
      requested.add(last.getURI().toString());
    }
    return new RedirectTrace(requested);
  }

  /** Redirects followed. */
  int redirects() {
    return requested.size() - 1;
  }

  /** Every requested URL but the last one: those that answered with a redirect. */
  List<String> redirectChain() {
    return List.copyOf(requested.subList(0, requested.size() - 1));
  }

  /** The last requested URL. */
  String last() {
    return requested.get(requested.size() - 1);
  }
}
