package dev.trawl.fetch.internal.http;

import dev.trawl.fetch.internal.decode.CorruptContentException;
import dev.trawl.runtime.net.BlockedAddressException;
import dev.trawl.schemas.ErrorType;
import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.zip.DataFormatException;
import java.util.zip.ZipException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.HttpResponseException;
import org.eclipse.jetty.http.HttpException;

/**
 * The one place that says what a failed fetch's exception means: its {@link ErrorType}, by
 * exception type, never by message text. The outcome record, retries and the proxy pool all ask it.
 */
public final class ErrorTypes {

  /**
   * Exception types and what they mean, checked in order against the failure and then each of its
   * causes; the first match wins, so a subclass comes before its superclass.
   */
  private static final Map<Class<? extends Throwable>, ErrorType> ERROR_TYPES =
      new LinkedHashMap<>();

  static {
    ERROR_TYPES.put(InvalidUrlException.class, ErrorType.INVALID_URL);
    ERROR_TYPES.put(BlockedAddressException.class, ErrorType.BLOCKED);
    ERROR_TYPES.put(RobotsDeniedException.class, ErrorType.ROBOTS_DENIED);
    ERROR_TYPES.put(TooManyRedirectsException.class, ErrorType.TOO_MANY_REDIRECTS);
    ERROR_TYPES.put(HttpStatusException.class, ErrorType.HTTP_STATUS);
    ERROR_TYPES.put(UnknownHostException.class, ErrorType.DNS);
    ERROR_TYPES.put(ConnectException.class, ErrorType.CONNECT);
    ERROR_TYPES.put(NoRouteToHostException.class, ErrorType.CONNECT);
    ERROR_TYPES.put(PortUnreachableException.class, ErrorType.CONNECT);
    ERROR_TYPES.put(SocketTimeoutException.class, ErrorType.TIMEOUT);
    ERROR_TYPES.put(TimeoutException.class, ErrorType.TIMEOUT);
    ERROR_TYPES.put(SSLException.class, ErrorType.TLS);
    ERROR_TYPES.put(CancellationException.class, ErrorType.CANCELLED);
    ERROR_TYPES.put(AsynchronousCloseException.class, ErrorType.CANCELLED);
    ERROR_TYPES.put(HttpResponseException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(HttpException.RuntimeException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(HttpException.IllegalArgumentException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(CorruptContentException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(ZipException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(DataFormatException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(EOFException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(ClosedChannelException.class, ErrorType.PROTOCOL);
    ERROR_TYPES.put(SocketException.class, ErrorType.PROTOCOL);
  }

  /** How deep the cause chain is searched. */
  private static final int MAX_CAUSES = 8;

  private ErrorTypes() {}

  /** What {@code failure} means: the type of it or of its first classified cause, else OTHER. */
  public static ErrorType of(Throwable failure) {
    Throwable cause = classified(failure);
    for (Map.Entry<Class<? extends Throwable>, ErrorType> entry : ERROR_TYPES.entrySet()) {
      if (entry.getKey().isInstance(cause)) {
        return entry.getValue();
      }
    }
    return ErrorType.OTHER;
  }

  /** The failure itself or the first of its causes with a known type; the failure if none. */
  public static Throwable classified(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
      for (Class<? extends Throwable> type : ERROR_TYPES.keySet()) {
        if (type.isInstance(cause)) {
          return cause;
        }
      }
      cause = cause.getCause();
    }
    return failure;
  }

  /** The first of {@code failure} and its causes of type {@code type}, or null. */
  public static <T extends Throwable> T find(Throwable failure, Class<T> type) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++) {
      if (type.isInstance(cause)) {
        return type.cast(cause);
      }
      cause = cause.getCause();
    }
    return null;
  }
}
