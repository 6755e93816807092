package dev.trawl.fetch.internal.decode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.Inflater;

/**
 * Decodes {@code gzip} (and {@code x-gzip}, the same format) chunk by chunk, RFC 1952: each
 * member's header and its optional fields are skipped, its deflate data inflated, its trailer
 * skipped (the CRC is not checked, as browsers do not check it). Members one after another are
 * decoded one after another; bytes after a member that do not start another are ignored. A body
 * that does not start as gzip is corrupt; one that ends early keeps what it decoded. (Jetty's
 * {@code GZIPContentDecoder} inflates a whole input chunk before it returns, so a bomb would be
 * expanded before the content limit is looked at, and it rejects trailing bytes browsers accept.)
 *
 * <p>Thread-safety: used by one exchange's listener, one callback after another.
 */
final class GzipDecoder extends InflatingDecoder {

  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  private static final int RESERVED = 0xE0;
  private static final int FIXED_HEADER_BYTES = 10;
  private static final int TRAILER_BYTES = 8;

  /** Where the decoder is in a member: the header's fields in the order they come, and after. */
  private enum State {
    HEADER,
    EXTRA_LENGTH,
    EXTRA,
    NAME,
    COMMENT,
    HEADER_CRC,
    DATA,
    TRAILER,
    AFTER_END
  }

  private State state = State.HEADER;
  private boolean firstMember = true;
  private int flags;

  /** Bytes read of the fixed header or of the extra field's length. */
  private int read;

  /** Bytes left to skip of the extra field, the header CRC or the trailer. */
  private int skip;

  GzipDecoder() {
    super("gzip");
  }

  @Override
  public boolean decode(ByteBuffer chunk, ByteSink sink) throws IOException {
    while (chunk.hasRemaining()) {
      switch (state) {
        case DATA -> {
          if (!inflateData(chunk, sink)) {
            return false;
          }
        }
        case AFTER_END -> chunk.position(chunk.limit());
        default -> header(chunk.get() & 0xFF);
      }
    }
    return true;
  }

  /** Inflates from {@code chunk} until it is used up or the member's data ends. */
  private boolean inflateData(ByteBuffer chunk, ByteSink sink) throws IOException {
    Inflater inflater = inflater(true);
    inflater.setInput(chunk); // Advances the chunk's position as it reads.
    if (!inflate(sink)) {
      return false;
    }
    if (inflater.finished()) {
      inflater.reset();
      skip = TRAILER_BYTES;
      state = State.TRAILER;
    }
    return true;
  }

  /** Takes one byte of a member's header or trailer. */
  private void header(int b) throws CorruptContentException {
    switch (state) {
      case HEADER -> fixedHeader(b);
      case EXTRA_LENGTH -> {
        skip |= b << (8 * read++);
        if (read == 2) {
          if (skip == 0) {
            next(State.EXTRA);
          } else {
            state = State.EXTRA;
          }
        }
      }
      case EXTRA, HEADER_CRC -> {
        if (--skip == 0) {
          next(state);
        }
      }
      case NAME, COMMENT -> {
        if (b == 0) {
          next(state);
        }
      }
      case TRAILER -> {
        if (--skip == 0) {
          firstMember = false;
          read = 0;
          state = State.HEADER;
        }
      }
      default -> throw new IllegalStateException("not a header state: " + state);
    }
  }

  /** ID1 ID2 CM FLG MTIME(4) XFL OS. */
  private void fixedHeader(int b) throws CorruptContentException {
    boolean valid =
        switch (read++) {
          case 0 -> b == 0x1F;
          case 1 -> b == 0x8B;
          case 2 -> b == 8; // Deflate, the only method defined.
          case 3 -> {
            flags = b;
            yield (b & RESERVED) == 0;
          }
          default -> true;
        };
    if (!valid) {
      if (firstMember) {
        throw new CorruptContentException("corrupt gzip content: not in gzip format", null);
      }
      state = State.AFTER_END; // Trailing bytes after the last member.
    } else if (read == FIXED_HEADER_BYTES) {
      next(State.HEADER);
    }
  }

  /** Moves past the header field {@code done} to the next one the flags announce, or the data. */
  private void next(State done) {
    if (done.compareTo(State.EXTRA_LENGTH) < 0 && (flags & FEXTRA) != 0) {
      read = 0;
      skip = 0;
      state = State.EXTRA_LENGTH;
    } else if (done.compareTo(State.NAME) < 0 && (flags & FNAME) != 0) {
      state = State.NAME;
    } else if (done.compareTo(State.COMMENT) < 0 && (flags & FCOMMENT) != 0) {
      state = State.COMMENT;
    } else if (done.compareTo(State.HEADER_CRC) < 0 && (flags & FHCRC) != 0) {
      skip = 2;
      state = State.HEADER_CRC;
    } else {
      state = State.DATA;
    }
  }
}
