package dev.trawl.fetch.internal.ssrf;

import dev.trawl.runtime.net.HostResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * Jetty's view of a {@link HostResolver}: each lookup runs on the client's executor (a lookup may
 * block), and fails with a {@link TimeoutException} when it takes longer than the timeout. Every
 * address gets the request's port. Completes each promise exactly once.
 */
public final class ResolvingAddressResolver implements SocketAddressResolver {

  private final HostResolver resolver;
  private final Executor executor;
  private final Scheduler scheduler;
  private final long timeoutMillis;

  /**
   * @param timeoutMillis the longest lookup; 0 or less waits as long as the resolver takes
   */
  public ResolvingAddressResolver(
      HostResolver resolver, Executor executor, Scheduler scheduler, long timeoutMillis) {
    this.resolver = resolver;
    this.executor = executor;
    this.scheduler = scheduler;
    this.timeoutMillis = timeoutMillis;
  }

  @Override
  public void resolve(
      String host,
      int port,
      Map<String, Object> context,
      Promise<List<InetSocketAddress>> promise) {
    AtomicBoolean done = new AtomicBoolean();
    try {
      executor.execute(() -> lookUp(host, port, promise, done));
    } catch (RejectedExecutionException e) {
      promise.failed(e);
    }
  }

  private void lookUp(
      String host, int port, Promise<List<InetSocketAddress>> promise, AtomicBoolean done) {
    Scheduler.Task timeout =
        timeoutMillis <= 0
            ? null
            : scheduler.schedule(
                () -> {
                  if (done.compareAndSet(false, true)) {
                    promise.failed(
                        new TimeoutException(
                            "resolving " + host + " took longer than " + timeoutMillis + " ms"));
                  }
                },
                timeoutMillis,
                TimeUnit.MILLISECONDS);
    try {
      List<InetAddress> addresses = resolver.resolve(host);
      if (addresses.isEmpty()) {
        throw new UnknownHostException(host + ": no address");
      }
      List<InetSocketAddress> withPort =
          addresses.stream().map(address -> new InetSocketAddress(address, port)).toList();
      if (done.compareAndSet(false, true)) {
        promise.succeeded(withPort);
      }
    } catch (UnknownHostException | RuntimeException e) {
      if (done.compareAndSet(false, true)) {
        promise.failed(e);
      }
    } finally {
      if (timeout != null) {
        timeout.cancel();
      }
    }
  }
}
