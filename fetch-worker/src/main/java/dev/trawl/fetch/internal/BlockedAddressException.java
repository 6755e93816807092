package dev.trawl.fetch.internal;

import dev.trawl.fetch.AddressCheck;
import java.io.IOException;

/** A host whose every resolved address was refused by the {@link AddressCheck}. */
public final class BlockedAddressException extends IOException {

  public BlockedAddressException(String message) {
    super(message);
  }
}
