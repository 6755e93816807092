package dev.trawl.fetch.internal.ssrf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.runtime.net.HostResolver;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResolvingAddressResolverTest {

  /** Each completion of a promise: a list of addresses or a Throwable. */
  private final LinkedBlockingQueue<Object> completions = new LinkedBlockingQueue<>();

  private final Promise<List<InetSocketAddress>> promise =
      new Promise<>() {
        @Override
        public void succeeded(List<InetSocketAddress> addresses) {
          completions.add(addresses);
        }

        @Override
        public void failed(Throwable failure) {
          completions.add(failure);
        }
      };

  private ExecutorService executor;
  private ScheduledExecutorScheduler scheduler;

  @BeforeEach
  void start() throws Exception {
    executor = Executors.newCachedThreadPool();
    scheduler = new ScheduledExecutorScheduler("test-scheduler", true);
    scheduler.start();
  }

  @AfterEach
  void stop() throws Exception {
    executor.shutdownNow();
    scheduler.stop();
  }

  private Object resolve(HostResolver resolver, long timeoutMillis) throws Exception {
    new ResolvingAddressResolver(resolver, executor, scheduler, timeoutMillis)
        .resolve("origin.test", 8080, Map.of(), promise);
    Object completion = completions.poll(20, TimeUnit.SECONDS);
    assertThat(completion).as("completion").isNotNull();
    return completion;
  }

  @Test
  void givesEveryAddressOfTheResolverWithTheRequestsPort() throws Exception {
    InetAddress one = InetAddress.getByName("127.0.0.1");
    InetAddress two = InetAddress.getByName("::1");

    Object completion = resolve(host -> List.of(one, two), 5_000);

    assertThat(completion)
        .isEqualTo(List.of(new InetSocketAddress(one, 8080), new InetSocketAddress(two, 8080)));
  }

  @Test
  void failsWithTheResolversExceptionOrAnUnknownHostWhenItGivesNothing() throws Exception {
    UnknownHostException unknown = new UnknownHostException("origin.test");

    Object thrown =
        resolve(
            host -> {
              throw unknown;
            },
            5_000);
    Object empty = resolve(host -> List.of(), 5_000);

    assertThat(thrown).isSameAs(unknown);
    assertThat(empty).isInstanceOf(UnknownHostException.class);
  }

  @Test
  void failsOnceWithATimeoutWhenTheLookupTakesLonger() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch returned = new CountDownLatch(1);
    HostResolver slow =
        host -> {
          try {
            release.await(20, TimeUnit.SECONDS);
            return List.of(InetAddress.getByName("127.0.0.1"));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException("interrupted");
          } finally {
            returned.countDown();
          }
        };

    Object completion = resolve(slow, 100);
    release.countDown();
    assertThat(returned.await(20, TimeUnit.SECONDS)).isTrue();

    assertThat(completion).isInstanceOf(TimeoutException.class);
    // The late answer of the lookup completes nothing more.
    assertThat(completions.poll(200, TimeUnit.MILLISECONDS)).isNull();
  }
}
