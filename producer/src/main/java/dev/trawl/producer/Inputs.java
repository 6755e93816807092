package dev.trawl.producer;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Opens line inputs: files and streams, gzip-compressed or not (recognised by the gzip magic bytes
 * {@code 1f 8b}, whatever the file is called), as bytes for a {@link LineReader} (which decodes
 * each line on its own), or as readers of strict UTF-8 (malformed bytes are an error, not
 * replaced).
 */
public final class Inputs {

  private static final int GZIP_MAGIC_1 = 0x1f;
  private static final int GZIP_MAGIC_2 = 0x8b;
  private static final int BUFFER_BYTES = 64 * 1024;

  private Inputs() {}

  /** The text of {@code file}, decompressed when it is gzip. */
  public static Reader open(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      return reader(decompressed(in));
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The text of {@code in}, decompressed when it is gzip; closing the reader leaves it open. */
  public static Reader openUnclosable(InputStream in) throws IOException {
    return reader(openBytesUnclosable(in));
  }

  /** The bytes of {@code file}, decompressed when it is gzip. */
  public static InputStream openBytes(Path file) throws IOException {
    InputStream in = Files.newInputStream(file);
    try {
      return decompressed(in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
  }

  /** The bytes of {@code in}, decompressed when it is gzip; closing the result leaves it open. */
  public static InputStream openBytesUnclosable(InputStream in) throws IOException {
    InputStream unclosable =
        new FilterInputStream(in) {
          @Override
          public void close() {
            // the stream belongs to the caller (e.g. stdin belongs to the process)
          }
        };
    return decompressed(unclosable);
  }

  /** {@code in}, decompressed when its first two bytes are the gzip magic bytes. */
  public static InputStream decompressed(InputStream in) throws IOException {
    BufferedInputStream buffered = new BufferedInputStream(in, BUFFER_BYTES);
    buffered.mark(2);
    int first = buffered.read();
    int second = buffered.read();
    buffered.reset();
    if (first == GZIP_MAGIC_1 && second == GZIP_MAGIC_2) {
      return new BufferedInputStream(new GZIPInputStream(buffered, BUFFER_BYTES), BUFFER_BYTES);
    }
    return buffered;
  }

  /** True when {@code bytes} start with the gzip magic bytes. */
  public static boolean isGzip(byte[] bytes) {
    return bytes.length >= 2
        && (bytes[0] & 0xFF) == GZIP_MAGIC_1
        && (bytes[1] & 0xFF) == GZIP_MAGIC_2;
  }

  private static Reader reader(InputStream in) {
    return new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder());
  }
}
