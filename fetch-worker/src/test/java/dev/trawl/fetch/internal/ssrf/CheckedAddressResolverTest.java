package dev.trawl.fetch.internal.ssrf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.fetch.AddressCheck;
import dev.trawl.runtime.net.BlockedAddressException;
import dev.trawl.runtime.net.Literals;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.junit.jupiter.api.Test;

/**
 * The guard at the resolver, with a fake delegate that answers any name with chosen addresses: no
 * name is looked up and no socket is opened, so no packet can leave this machine.
 */
class CheckedAddressResolverTest {

  /** Names asked of the fake delegate. */
  private final List<String> asked = new ArrayList<>();

  private SocketAddressResolver answering(String... literals) {
    return (host, port, context, promise) -> {
      asked.add(host);
      promise.succeeded(
          List.of(literals).stream()
              .map(l -> new InetSocketAddress(Literals.parse(l), port))
              .toList());
    };
  }

  private static CompletableFuture<List<InetSocketAddress>> resolve(
      SocketAddressResolver resolver, String host) {
    CompletableFuture<List<InetSocketAddress>> future = new CompletableFuture<>();
    resolver.resolve(
        host, 80, Map.of(), Promise.from(future::complete, future::completeExceptionally));
    return future;
  }

  private static Throwable failure(CompletableFuture<List<InetSocketAddress>> future)
      throws Exception {
    try {
      throw new AssertionError("expected a failure, got " + future.get(5, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Test
  void refusesANameThatResolvesToCloudMetadata() throws Exception {
    SocketAddressResolver resolver =
        new CheckedAddressResolver(
            answering("169.254.169.254"), AddressCheck.guard(true, List.of()));

    Throwable failure = failure(resolve(resolver, "metadata.example"));

    assertThat(failure)
        .isInstanceOf(BlockedAddressException.class)
        .hasMessage(
            "every address of metadata.example is refused by the address guard: 169.254.169.254"
                + " (link-local (169.254.0.0/16, fe80::/10; cloud metadata lives here))");
  }

  @Test
  void refusesEveryPrivateFormARebindingNameCanReturn() throws Exception {
    List<String> forms =
        List.of(
            "10.0.0.1",
            "172.16.5.4",
            "192.168.0.1",
            "100.64.1.1",
            "0.0.0.0",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "224.0.0.251");
    List<String> allowed = new ArrayList<>();
    for (String form : forms) {
      SocketAddressResolver resolver =
          new CheckedAddressResolver(answering(form), AddressCheck.PUBLIC_ONLY);
      CompletableFuture<List<InetSocketAddress>> future = resolve(resolver, "rebind.example");
      if (!future.isCompletedExceptionally()) {
        allowed.add(form);
      }
    }

    assertThat(allowed).isEmpty();
  }

  @Test
  void keepsOnlyTheAllowedAddressesOfAName() throws Exception {
    SocketAddressResolver resolver =
        new CheckedAddressResolver(
            answering("10.0.0.1", "8.8.8.8", "::1"), AddressCheck.PUBLIC_ONLY);

    List<InetSocketAddress> addresses = resolve(resolver, "mixed.example").get(5, TimeUnit.SECONDS);

    assertThat(addresses).containsExactly(new InetSocketAddress(Literals.parse("8.8.8.8"), 80));
  }

  @Test
  void refusesOddIpv4SpellingsWithoutResolvingThem() throws Exception {
    SocketAddressResolver resolver =
        new CheckedAddressResolver(answering("8.8.8.8"), AddressCheck.guard(true, List.of()));

    List<String> messages = new ArrayList<>();
    for (String host : List.of("127.1", "2130706433", "0x7f.1", "0177.0.0.1")) {
      messages.add(failure(resolve(resolver, host)).getMessage());
    }

    assertThat(messages)
        .containsExactly(
            "host '127.1' is refused by the address guard: a numeric host must be a canonical"
                + " dotted quad such as 127.0.0.1",
            "host '2130706433' is refused by the address guard: a numeric host must be a"
                + " canonical dotted quad such as 127.0.0.1",
            "host '0x7f.1' is refused by the address guard: a numeric host must be a canonical"
                + " dotted quad such as 127.0.0.1",
            "host '0177.0.0.1' is refused by the address guard: a numeric host must be a"
                + " canonical dotted quad such as 127.0.0.1");
    assertThat(asked).isEmpty();
  }
}
