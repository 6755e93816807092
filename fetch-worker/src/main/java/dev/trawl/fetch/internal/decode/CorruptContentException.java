package dev.trawl.fetch.internal.decode;

import java.io.IOException;

/** A response body that cannot be decoded with its Content-Encoding. */
public final class CorruptContentException extends IOException {

  public CorruptContentException(String message, Throwable cause) {
    super(message, cause);
  }
}
