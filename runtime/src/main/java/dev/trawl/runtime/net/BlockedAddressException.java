package dev.trawl.runtime.net;

import java.io.IOException;

/** A host refused by an {@link AddressFilter}: by its name, or by the addresses it resolves to. */
public final class BlockedAddressException extends IOException {

  public BlockedAddressException(String message) {
    super(message);
  }
}
