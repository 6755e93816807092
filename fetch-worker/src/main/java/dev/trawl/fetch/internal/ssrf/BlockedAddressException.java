package dev.trawl.fetch.internal.ssrf;

import java.io.IOException;

/** A host refused by the {@link AddressFilter}, by its name or by every address it resolves to. */
public final class BlockedAddressException extends IOException {

  public BlockedAddressException(String message) {
    super(message);
  }
}
