package dev.trawl.embedded.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/** Content-Encodings for test servers: gzip and deflate of any bytes, and decompression bombs. */
public final class Encodings {

  private Encodings() {}

  /** {@code data} gzip-compressed. */
  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** {@code data} deflate-compressed, zlib-wrapped or raw. */
  public static byte[] deflate(byte[] data, boolean raw) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, raw);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (DeflaterOutputStream stream = new DeflaterOutputStream(out, deflater)) {
      stream.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deflater.end();
    }
    return out.toByteArray();
  }

  /** {@code mebibytes} MiB of zeros, gzip-compressed (about a thousandth of that on the wire). */
  public static byte[] gzippedZeros(int mebibytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      byte[] zeros = new byte[1024 * 1024];
      for (int i = 0; i < mebibytes; i++) {
        gzip.write(zeros);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** 64 MiB of zeros, brotli-compressed: 54 bytes ({@code brotli -c} of them). */
  public static byte[] brotliZeros64MiB() {
    try (InputStream in = Encodings.class.getResourceAsStream("zeros-64mib.br")) {
      if (in == null) {
        throw new IllegalStateException("no resource zeros-64mib.br beside Encodings");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
