package dev.trawl.producer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads lines of UTF-8 text from bytes in bounded memory, whatever the input: a line longer than
 * {@code maxLineBytes} is not kept whole (its first bytes are kept for the report, the rest is read
 * and dropped) and comes back {@link RejectReason#LINE_TOO_LONG}; a line that is not valid UTF-8
 * comes back {@link RejectReason#MALFORMED_TEXT}; either way the next line is read as usual. Lines
 * end at {@code \n}, {@code \r\n} or {@code \r}, as {@link java.io.BufferedReader}'s do. Memory
 * held: a 64 KiB buffer and at most {@code maxLineBytes} of one line. Used by one thread.
 */
public final class LineReader implements UrlSource {

  /** Bytes of an unreadable line kept to show it: more than a report shows in any encoding. */
  static final int SHOWN_BYTES = 4 * Rejection.SHOWN_LINE_CHARS;

  private static final int BUFFER_BYTES = 64 * 1024;

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  private final CharsetDecoder decoder =
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT);
  private int position;
  private int end;
  private boolean endOfInput;

  /** The bytes of the current line, at most {@code maxLineBytes}; grows as lines need. */
  private byte[] line = new byte[256];

  private CharBuffer chars = CharBuffer.allocate(256);

  /** The previous line ended with {@code \r}: a {@code \n} right after it ends nothing. */
  private boolean afterCarriageReturn;

  /**
   * Lines of {@code in} (the caller closes it).
   *
   * @param maxLineBytes longer lines are refused, without being kept whole
   */
  public LineReader(InputStream in, int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be at least 1, not " + maxLineBytes);
    }
    this.in = in;
    this.maxLineBytes = maxLineBytes;
  }

  /** The text of the next line (the shown start of an unreadable one), or null at the end. */
  @Override
  public String nextLine() throws IOException {
    InputLine next = next();
    return next == null ? null : next.text();
  }

  @Override
  public InputLine next() throws IOException {
    int kept = 0;
    long length = 0;
    boolean started = false;
    while (true) {
      if (position == end && !fill()) {
        if (!started) {
          return null;
        }
        break;
      }
      if (afterCarriageReturn) {
        afterCarriageReturn = false;
        if (buffer[position] == '\n') {
          position++;
          continue;
        }
      }
      started = true;
      int stop = terminator(position, end);
      int segment = stop - position;
      int keep = (int) Math.min(segment, Math.max(0, (long) maxLineBytes - length));
      if (keep > 0) {
        ensureCapacity(kept + keep);
        System.arraycopy(buffer, position, line, kept, keep);
        kept += keep;
      }
      length += segment;
      position = stop;
      if (stop < end) {
        afterCarriageReturn = buffer[stop] == '\r';
        position++;
        break;
      }
    }
    return decoded(kept, length);
  }

  /** The index of the first {@code \n} or {@code \r} in {@code [from, to)}, or {@code to}. */
  private int terminator(int from, int to) {
    for (int i = from; i < to; i++) {
      byte b = buffer[i];
      if (b == '\n' || b == '\r') {
        return i;
      }
    }
    return to;
  }

  private InputLine decoded(int kept, long length) {
    if (length > maxLineBytes) {
      return InputLine.unreadable(
          RejectReason.LINE_TOO_LONG,
          lenient(kept),
          String.format(
              Locale.ROOT, "line longer than %,d bytes (%,d bytes)", maxLineBytes, length));
    }
    if (isAscii(kept)) {
      return InputLine.of(new String(line, 0, kept, StandardCharsets.ISO_8859_1));
    }
    if (chars.capacity() < kept) {
      chars = CharBuffer.allocate(Math.max(kept, chars.capacity() * 2));
    }
    chars.clear();
    ByteBuffer bytes = ByteBuffer.wrap(line, 0, kept);
    decoder.reset();
    CoderResult result = decoder.decode(bytes, chars, true);
    if (!result.isError()) {
      result = decoder.flush(chars);
    }
    if (result.isError()) {
      return InputLine.unreadable(
          RejectReason.MALFORMED_TEXT,
          lenient(kept),
          String.format(
              Locale.ROOT,
              "not valid UTF-8 (byte 0x%02X at index %d)",
              line[bytes.position()] & 0xFF,
              bytes.position()));
    }
    return InputLine.of(chars.flip().toString());
  }

  private boolean isAscii(int kept) {
    for (int i = 0; i < kept; i++) {
      if (line[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /** The first bytes of the line, malformed sequences replaced, for reports. */
  private String lenient(int kept) {
    return new String(line, 0, Math.min(kept, SHOWN_BYTES), StandardCharsets.UTF_8);
  }

  private void ensureCapacity(int needed) {
    if (line.length < needed) {
      line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(needed, line.length * 2)));
    }
  }

  /** Reads more bytes into the empty buffer; false at the end of the input. */
  private boolean fill() throws IOException {
    if (endOfInput) {
      return false;
    }
    int n = in.read(buffer, 0, buffer.length);
    while (n == 0) {
      n = in.read(buffer, 0, buffer.length);
    }
    if (n < 0) {
      endOfInput = true;
      return false;
    }
    position = 0;
    end = n;
    return true;
  }
}
