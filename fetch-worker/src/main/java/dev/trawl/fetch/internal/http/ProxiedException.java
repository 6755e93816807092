package dev.trawl.fetch.internal.http;

/**
 * Carries the proxy a failed fetch went through, with the failure itself as its cause: the failure
 * is classified by its cause ({@link ErrorTypes}), and the proxy recorded in the FetchFailure.
 */
public final class ProxiedException extends Exception {

  private final String proxyId;

  public ProxiedException(String proxyId, Throwable cause) {
    super("through proxy " + proxyId, cause, false, false);
    this.proxyId = proxyId;
  }

  /** The proxy id ({@code scheme://host:port}, never credentials). */
  public String proxyId() {
    return proxyId;
  }

  /** The proxy recorded in {@code failure} or one of its causes, or null for none. */
  public static String proxyOf(Throwable failure) {
    ProxiedException proxied = ErrorTypes.find(failure, ProxiedException.class);
    return proxied == null ? null : proxied.proxyId;
  }
}
