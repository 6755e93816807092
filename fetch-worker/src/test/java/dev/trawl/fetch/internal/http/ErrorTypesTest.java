package dev.trawl.fetch.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.runtime.net.BlockedAddressException;
import dev.trawl.schemas.ErrorType;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousCloseException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.io.EofException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What each failure means, by exception type. */
class ErrorTypesTest {

  @ParameterizedTest
  @MethodSource("failures")
  void classifiesFailuresByExceptionType(Throwable failure, ErrorType expected) {
    assertThat(ErrorTypes.of(failure)).isEqualTo(expected);
  }

  static List<Arguments> failures() {
    return List.of(
        Arguments.of(new InvalidUrlException("bad"), ErrorType.INVALID_URL),
        Arguments.of(new UnknownHostException("nowhere.invalid"), ErrorType.DNS),
        Arguments.of(new ConnectException("Connection refused"), ErrorType.CONNECT),
        Arguments.of(new NoRouteToHostException("no route"), ErrorType.CONNECT),
        Arguments.of(new SocketTimeoutException("Connect Timeout"), ErrorType.TIMEOUT),
        Arguments.of(new TimeoutException("Total timeout 30000 ms elapsed"), ErrorType.TIMEOUT),
        Arguments.of(new SSLHandshakeException("bad certificate"), ErrorType.TLS),
        Arguments.of(
            new TooManyRedirectsException("more than 5 redirects", null),
            ErrorType.TOO_MANY_REDIRECTS),
        Arguments.of(new BlockedAddressException("10.0.0.1 is private"), ErrorType.BLOCKED),
        Arguments.of(new HttpStatusException(503), ErrorType.HTTP_STATUS),
        Arguments.of(
            new RobotsUnavailableException(429, null, 0, new HttpStatusException(429)),
            ErrorType.HTTP_STATUS),
        Arguments.of(
            new RobotsUnavailableException(0, null, 0, new ConnectException("refused")),
            ErrorType.CONNECT),
        Arguments.of(new CancellationException(), ErrorType.CANCELLED),
        Arguments.of(new AsynchronousCloseException(), ErrorType.CANCELLED),
        Arguments.of(new BadMessageException("bad status line"), ErrorType.PROTOCOL),
        Arguments.of(new EofException("reset"), ErrorType.PROTOCOL),
        Arguments.of(new EOFException(), ErrorType.PROTOCOL),
        Arguments.of(new ZipException("invalid gzip header"), ErrorType.PROTOCOL),
        Arguments.of(new SocketException("Connection reset"), ErrorType.PROTOCOL),
        Arguments.of(new IOException("something else"), ErrorType.OTHER),
        Arguments.of(new IllegalStateException("a bug"), ErrorType.OTHER));
  }

  @Test
  void looksThroughWrappersForTheCause() {
    Throwable wrapped =
        new CompletionException(new ExecutionException(new ConnectException("refused")));

    assertThat(ErrorTypes.of(wrapped)).isEqualTo(ErrorType.CONNECT);
  }

  @Test
  void neverReadsTheMessage() {
    assertThat(ErrorTypes.of(new IOException("Connection refused: timeout")))
        .isEqualTo(ErrorType.OTHER);
  }
}
