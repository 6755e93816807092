package dev.trawl.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineReaderTest {

  private static final int LIMIT = 16;

  /** Reads the same bytes with reads of {@code chunk} bytes: line ends may fall between reads. */
  @ParameterizedTest
  @ValueSource(ints = {1, 2, 7, 65_536})
  void endsLinesAtLineFeedsCarriageReturnsAndBoth(int chunk) throws IOException {
    byte[] input = bytes("a\nbb\r\nc\rd\n\n\r\ne");

    assertThat(readAll(input, chunk, LIMIT))
        .containsExactly(
            InputLine.of("a"),
            InputLine.of("bb"),
            InputLine.of("c"),
            InputLine.of("d"),
            InputLine.of(""),
            InputLine.of(""),
            InputLine.of("e"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 5, 65_536})
  void refusesALineOverTheLimitAndReadsOnAfterIt(int chunk) throws IOException {
    byte[] input = bytes("http://a.example/\n0123456789abcdefXYZ\r\n0123456789abcdef\n");

    assertThat(readAll(input, chunk, 17))
        .containsExactly(
            InputLine.of("http://a.example/"),
            InputLine.unreadable(
                RejectReason.LINE_TOO_LONG,
                "0123456789abcdefX",
                "line longer than 17 bytes (19 bytes)"),
            InputLine.of("0123456789abcdef"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 65_536})
  void refusesALineOfInvalidUtf8AndReadsOnAfterIt(int chunk) throws IOException {
    ByteArrayOutputStream input = new ByteArrayOutputStream();
    input.writeBytes(bytes("http://a.example/\u00fc\n"));
    input.writeBytes(bytes("http://b.example/"));
    input.writeBytes(new byte[] {(byte) 0xC3, '(', '\n'});
    input.writeBytes(bytes("http://c.example/\n"));

    assertThat(readAll(input.toByteArray(), chunk, 64))
        .containsExactly(
            InputLine.of("http://a.example/\u00fc"),
            InputLine.unreadable(
                RejectReason.MALFORMED_TEXT,
                "http://b.example/\uFFFD(",
                "not valid UTF-8 (byte 0xC3 at index 17)"),
            InputLine.of("http://c.example/"));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 65_536})
  void givesABinaryFileAsRefusedLinesNotAnError(int chunk) throws IOException {
    byte[] input = {
      0x50, 0x4B, 0x03, 0x04, 0x00, (byte) 0xFF, 0x0A, 0x00, 0x00, 0x41, 0x0D, (byte) 0x89, 0x50
    };

    assertThat(readAll(input, chunk, 64))
        .containsExactly(
            InputLine.unreadable(
                RejectReason.MALFORMED_TEXT,
                "PK\u0003\u0004\u0000\uFFFD",
                "not valid UTF-8 (byte 0xFF at index 5)"),
            InputLine.of("\u0000\u0000A"),
            InputLine.unreadable(
                RejectReason.MALFORMED_TEXT, "\uFFFDP", "not valid UTF-8 (byte 0x89 at index 0)"));
  }

  @Test
  void readsALineOf100MegabytesWithoutKeepingIt() throws IOException {
    long lineBytes = 100L * 1024 * 1024;
    InputStream input =
        concat(
            bytes("http://a.example/1\n"),
            new RepeatedByte((byte) 'x', lineBytes),
            bytes("\nhttp://a.example/3\n"));
    LineReader reader = new LineReader(input, PublishSettings.MIN_LINE_BYTES);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    List<InputLine> lines = new ArrayList<>();
    for (InputLine line = reader.next(); line != null; line = reader.next()) {
      lines.add(line);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;

    assertThat(lines)
        .containsExactly(
            InputLine.of("http://a.example/1"),
            InputLine.unreadable(
                RejectReason.LINE_TOO_LONG,
                "x".repeat(LineReader.SHOWN_BYTES),
                "line longer than 65,536 bytes (104,857,600 bytes)"),
            InputLine.of("http://a.example/3"));
    assertThat(allocated).isLessThan(4L * 1024 * 1024);
  }

  private static List<InputLine> readAll(byte[] input, int chunk, int limit) throws IOException {
    LineReader reader = new LineReader(new ChunkedStream(input, chunk), limit);
    List<InputLine> lines = new ArrayList<>();
    for (InputLine line = reader.next(); line != null; line = reader.next()) {
      lines.add(line);
    }
    assertThat(reader.next()).isNull();
    return lines;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static InputStream concat(byte[] head, InputStream middle, byte[] tail) {
    return new SequenceInputStream(
        Collections.enumeration(
            List.of(new ByteArrayInputStream(head), middle, new ByteArrayInputStream(tail))));
  }

  /** Gives {@code bytes} at most {@code chunk} at a time. */
  private static final class ChunkedStream extends InputStream {
    private final byte[] bytes;
    private final int chunk;
    private int position;

    ChunkedStream(byte[] bytes, int chunk) {
      this.bytes = bytes;
      this.chunk = chunk;
    }

    @Override
    public int read() {
      return position < bytes.length ? bytes[position++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      if (position == bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(length, chunk), bytes.length - position);
      System.arraycopy(bytes, position, into, offset, n);
      position += n;
      return n;
    }
  }

  /** {@code count} copies of one byte, made as they are read. */
  static final class RepeatedByte extends InputStream {
    private final byte value;
    private long remaining;

    RepeatedByte(byte value, long count) {
      this.value = value;
      this.remaining = count;
    }

    @Override
    public int read() {
      if (remaining == 0) {
        return -1;
      }
      remaining--;
      return value & 0xFF;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      if (remaining == 0) {
        return -1;
      }
      int n = (int) Math.min(length, remaining);
      Arrays.fill(into, offset, offset + n, value);
      remaining -= n;
      return n;
    }
  }
}
