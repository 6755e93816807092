package dev.trawl.fetch.internal.decode;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.embedded.testing.Encodings;
import dev.trawl.fetch.FetchSettings;
import dev.trawl.fetch.TestSite;
import dev.trawl.fetch.internal.http.ErrorTypes;
import dev.trawl.fetch.internal.http.HttpPage;
import dev.trawl.fetch.internal.http.PageFetcher;
import dev.trawl.runtime.PageLimits;
import dev.trawl.schemas.ErrorType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Content-Encodings, one or a list, decoded by {@link BodyDecoder}: through a {@link PageFetcher}
 * against a real Jetty server sending real encoded bytes, and fed to the decoder directly in chunks
 * of every size. There is no brotli encoder in Java: brotli layers come from the test resources in
 * {@code encoded/} ({@code page.gz.br} is {@code gzip -n -9 | brotli} of {@link
 * #GZIP_THEN_BROTLI}).
 */
class BodyDecoderTest {

  private static final int LIMIT = 4096;
  private static final int MIB = 1024 * 1024;
  private static final FetchSettings SETTINGS =
      FetchSettings.defaults()
          .with(PageLimits.CONTENT_LIMIT_BYTES, LIMIT)
          .with(FetchSettings.CONNECT_TIMEOUT, Duration.ofSeconds(2))
          .with(FetchSettings.TIMEOUT, Duration.ofSeconds(10));

  private static final String TEXT = "<html><body>layers</body></html>";
  private static final String GZIP_THEN_BROTLI = "<html><body>gzip then brotli</body></html>";
  private static final String BROTLI_TEXT = "<html><body>brotli works</body></html>";

  /** What a fetch kept: status, body as text, truncated. */
  private record Kept(int status, String text, boolean truncated) {}

  private static TestSite site;
  private PageFetcher fetcher;

  @BeforeAll
  static void startSite() {
    site = new TestSite(1);
  }

  @AfterAll
  static void stopSite() throws Exception {
    site.close();
  }

  @AfterEach
  void closeFetcher() {
    if (fetcher != null) {
      fetcher.close();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  /** Serves {@code body} at {@code path} with {@code contentEncodings}, and fetches it. */
  private HttpPage fetch(FetchSettings settings, String path, byte[] body, String... encodings)
      throws Exception {
    site.serveEncoded(path, body, encodings);
    fetcher = new PageFetcher(settings.fetcherOptions());
    return fetcher.fetch(URI.create(site.url(1, path))).get(30, SECONDS);
  }

  private static Kept kept(HttpPage page) {
    return new Kept(page.status(), new String(page.body(), UTF_8), page.truncated());
  }

  @Test
  void decodesGzipThenBrotli() throws Exception {
    HttpPage page =
        fetch(SETTINGS, "/gzip-br", TestSite.resource("encoded/page.gz.br"), "gzip, br");

    assertThat(kept(page)).isEqualTo(new Kept(200, GZIP_THEN_BROTLI, false));
  }

  @Test
  void readsCodingsInAnyCaseAndSpacingAndOverSeveralHeaderFields() throws Exception {
    byte[] body = TestSite.resource("encoded/page.gz.br");

    HttpPage spaced = fetch(SETTINGS, "/spaced", body, "  GZip ,\tBR ");
    fetcher.close();
    HttpPage fields = fetch(SETTINGS, "/fields", body, "gzip", "br");

    assertThat(kept(spaced)).isEqualTo(new Kept(200, GZIP_THEN_BROTLI, false));
    assertThat(kept(fields)).isEqualTo(new Kept(200, GZIP_THEN_BROTLI, false));
  }

  @Test
  void decodesDeflateThenGzip() throws Exception {
    byte[] body = Encodings.gzip(Encodings.deflate(bytes(TEXT), false));

    HttpPage page = fetch(SETTINGS, "/deflate-gzip", body, "deflate, gzip");

    assertThat(kept(page)).isEqualTo(new Kept(200, TEXT, false));
  }

  @Test
  void decodesXGzipAsGzip() throws Exception {
    HttpPage page = fetch(SETTINGS, "/x-gzip", Encodings.gzip(bytes(TEXT)), "x-gzip");

    assertThat(kept(page)).isEqualTo(new Kept(200, TEXT, false));
  }

  @Test
  void skipsIdentityInAList() throws Exception {
    HttpPage page =
        fetch(SETTINGS, "/identity-gzip", Encodings.gzip(bytes(TEXT)), "identity, gzip");

    assertThat(kept(page)).isEqualTo(new Kept(200, TEXT, false));
    assertThat(page.headers()).doesNotContainKey("content-encoding");
  }

  @Test
  void keepsTheBodyAsReceivedWhenACodingOfTheListIsUnknown() throws Exception {
    // Like a single unknown coding: nothing is decoded, not even the layers the worker knows.
    byte[] body = Encodings.gzip(bytes(TEXT));

    HttpPage inner = fetch(SETTINGS, "/zstd-gzip", body, "zstd, gzip");
    fetcher.close();
    HttpPage outer = fetch(SETTINGS, "/gzip-zstd", body, "gzip, zstd");

    assertThat(inner.body()).isEqualTo(body);
    assertThat(inner.truncated()).isFalse();
    assertThat(inner.headers()).containsEntry("content-encoding", "zstd, gzip");
    assertThat(outer.body()).isEqualTo(body);
    assertThat(outer.truncated()).isFalse();
    assertThat(outer.headers()).containsEntry("content-encoding", "gzip, zstd");
  }

  @Test
  void keepsTheBodyAsReceivedPastThreeCodings() throws Exception {
    byte[] body = Encodings.gzip(Encodings.gzip(Encodings.gzip(Encodings.gzip(bytes(TEXT)))));

    HttpPage page = fetch(SETTINGS, "/four", body, "gzip, gzip, identity, gzip, gzip");

    assertThat(page.body()).isEqualTo(body);
    assertThat(page.truncated()).isFalse();
  }

  @Test
  void cutsADeflateBombInsideGzipAtTheLimitOfDecodedBytes() throws Exception {
    byte[] body = Encodings.gzip(Encodings.deflate(new byte[50 * MIB], false));

    HttpPage page =
        fetch(
            SETTINGS.with(PageLimits.CONTENT_LIMIT_BYTES, MIB),
            "/deflate-bomb",
            body,
            "deflate, gzip");

    assertThat(page.body()).hasSize(MIB).containsOnly((byte) 0);
    assertThat(page.truncated()).isTrue();
  }

  @Test
  void cutsABrotliBombInsideGzipAtTheLimitAndReleasesItsEncodedBytes() throws Exception {
    // 54 bytes of brotli that decode to 64 MiB of zeros, gzip-encoded on top.
    site.serveEncoded("/brotli-bomb", Encodings.gzip(Encodings.brotliZeros64MiB()), "br, gzip");
    fetcher = new PageFetcher(SETTINGS.with(PageLimits.CONTENT_LIMIT_BYTES, MIB).fetcherOptions());

    HttpPage page =
        fetcher
            .fetchHop(URI.create(site.url(1, "/brotli-bomb")), Map.of(), 10_000)
            .get(30, SECONDS);
    long held = fetcher.budget().held();
    fetcher.release(page);

    assertThat(page.body()).hasSize(MIB).containsOnly((byte) 0);
    assertThat(page.truncated()).isTrue();
    assertThat(held).isEqualTo(MIB);
    assertThat(fetcher.budget().held()).isZero();
  }

  @Test
  void cutsAnInnerLayerThatDecodesToNothingAtTheLimitOfItsInput() throws Exception {
    // Empty gzip members, over twice the limit of them: the outer layer would run on for ever.
    byte[] empty = Encodings.gzip(new byte[0]);
    ByteArrayOutputStream members = new ByteArrayOutputStream();
    while (members.size() <= 2 * LIMIT) {
      members.write(empty);
    }

    HttpPage page =
        fetch(SETTINGS, "/nothing", Encodings.gzip(members.toByteArray()), "gzip, gzip");

    assertThat(kept(page)).isEqualTo(new Kept(200, "", true));
  }

  @Test
  void failsWithAProtocolErrorOnACorruptInnerLayer() throws Exception {
    // Valid brotli around text that is not gzip.
    site.serveEncoded("/corrupt-inner", TestSite.resource("encoded/page.br"), "gzip, br");
    fetcher = new PageFetcher(SETTINGS.fetcherOptions());

    Throwable failure =
        catchFailure(
            () ->
                fetcher
                    .fetchHop(URI.create(site.url(1, "/corrupt-inner")), Map.of(), 10_000)
                    .get(30, SECONDS));

    assertThat(failure)
        .isInstanceOf(CorruptContentException.class)
        .hasMessage("corrupt gzip content: not in gzip format");
    assertThat(ErrorTypes.of(failure)).isEqualTo(ErrorType.PROTOCOL);
    assertThat(fetcher.budget().held()).isZero();
  }

  @Test
  void decodesGzipItselfRatherThanLeavingItToJetty() throws Exception {
    // Jetty's own gzip decoder would fail with a ZipException of its own wording.
    site.serveEncoded("/not-gzip", bytes(BROTLI_TEXT), "gzip");
    fetcher = new PageFetcher(SETTINGS.fetcherOptions());

    Throwable failure =
        catchFailure(() -> fetcher.fetch(URI.create(site.url(1, "/not-gzip"))).get(30, SECONDS));

    assertThat(failure)
        .isInstanceOf(CorruptContentException.class)
        .hasMessage("corrupt gzip content: not in gzip format");
  }

  @Test
  void decodesGzipMembersWithEveryOptionalHeaderFieldInChunksOfAnySize() throws Exception {
    byte[] wire = concat(member("first ", true), member("second", false), bytes("\0\0 trailing"));

    for (int size : new int[] {1, 2, 3, 7, 10, 64, wire.length}) {
      assertThat(decodeInChunks(wire, size, LIMIT, "gzip"))
          .as("chunks of %d bytes", size)
          .isEqualTo(new Kept(200, "first second", false));
    }
  }

  @Test
  void decodesAChainInChunksOfAnySize() throws Exception {
    byte[] wire = Encodings.gzip(Encodings.deflate(bytes(TEXT), true));

    for (int size : new int[] {1, 5, 100, wire.length}) {
      assertThat(decodeInChunks(wire, size, LIMIT, "deflate", "x-gzip"))
          .as("chunks of %d bytes", size)
          .isEqualTo(new Kept(200, TEXT, false));
    }
  }

  @Test
  void cutsAChainAtTheLimitOfDecodedBytes() throws Exception {
    byte[] text = new byte[3 * LIMIT];
    Arrays.fill(text, (byte) 'a');
    byte[] wire = Encodings.gzip(Encodings.gzip(text));

    assertThat(decodeInChunks(wire, 100, LIMIT, "gzip, gzip"))
        .isEqualTo(new Kept(200, "a".repeat(LIMIT), true));
  }

  @Test
  void stopsEveryLayerOnceTheBodyIsFull() throws Exception {
    byte[] deflateBomb = Encodings.gzip(Encodings.deflate(new byte[8 * MIB], false));
    byte[] brotliBomb = Encodings.gzip(Encodings.brotliZeros64MiB());
    String zeros = new String(new byte[64 * 1024], UTF_8);

    assertThat(decodeInChunks(deflateBomb, 16, 64 * 1024, "deflate, gzip"))
        .isEqualTo(new Kept(200, zeros, true));
    assertThat(decodeInChunks(brotliBomb, 16, 64 * 1024, "br", "gzip"))
        .isEqualTo(new Kept(200, zeros, true));
  }

  @Test
  void failsOnABodyThatDoesNotStartAsGzip() {
    assertThatThrownBy(() -> decodeInChunks(bytes(TEXT), 4, LIMIT, "gzip"))
        .isInstanceOf(CorruptContentException.class)
        .hasMessage("corrupt gzip content: not in gzip format");
  }

  @Test
  void decodesNothingForIdentityAnUnknownCodingOrMoreThanThreeCodings() {
    BodyBudget budget = BodyBudget.unlimited(LIMIT);

    assertThat(BodyDecoder.forEncodings(List.of(), LIMIT, budget)).isNull();
    assertThat(BodyDecoder.forEncodings(List.of("identity", " , "), LIMIT, budget)).isNull();
    assertThat(BodyDecoder.forEncodings(List.of("gzip, compress"), LIMIT, budget)).isNull();
    assertThat(BodyDecoder.forEncodings(List.of("br", "gzip, gzip, gzip"), LIMIT, budget)).isNull();
    assertThat(BodyDecoder.forEncodings(List.of("br", "gzip, identity, gzip"), LIMIT, budget))
        .isInstanceOf(DecoderChain.class);
    assertThat(BodyDecoder.forEncodings(List.of("X-GZIP"), LIMIT, budget))
        .isInstanceOf(GzipDecoder.class);
  }

  /** Feeds {@code wire} to the decoder of {@code fields} in direct buffers of {@code size}. */
  private static Kept decodeInChunks(byte[] wire, int size, int limit, String... fields)
      throws IOException {
    WatchedBody body = new WatchedBody(limit);
    BodyDecoder decoder =
        BodyDecoder.forEncodings(List.of(fields), limit, BodyBudget.unlimited(limit));
    boolean room = true;
    try {
      for (int i = 0; i < wire.length && room; i += size) {
        int length = Math.min(size, wire.length - i);
        ByteBuffer chunk = ByteBuffer.allocateDirect(length).put(wire, i, length).flip();
        room = decoder.decode(chunk, body);
      }
      decoder.finish(body, !room);
    } finally {
      decoder.discard();
    }
    assertThat(body.writesAfterFull).as("writes after the body was full").isZero();
    return new Kept(200, new String(body.sink.toByteArray(), UTF_8), body.sink.full());
  }

  /** A body that counts the writes it gets once it said it was full: there must be none. */
  private static final class WatchedBody implements ByteSink {

    final BodySink sink;
    int writesAfterFull;

    WatchedBody(int limit) {
      sink = new BodySink(limit, BodyBudget.unlimited(limit));
    }

    @Override
    public boolean write(byte[] data, int offset, int length) {
      if (sink.full()) {
        writesAfterFull++;
      }
      return sink.write(data, offset, length);
    }

    @Override
    public int room() {
      return sink.room();
    }

    @Override
    public void markCut() {
      sink.markCut();
    }
  }

  /**
   * One gzip member of {@code text} written by hand: with {@code optional}, every optional header
   * field (FEXTRA, FNAME, FCOMMENT, FHCRC), which the JDK's GZIPOutputStream never writes.
   */
  private static byte[] member(String text, boolean optional) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x1F, (byte) 0x8B, 8, (byte) (optional ? 0x1E : 0), 1, 2, 3, 4, 0});
    out.write(255); // OS: unknown.
    if (optional) {
      out.writeBytes(new byte[] {5, 0, 'A', 'B', 2, 0, 'x'}); // XLEN 5: one subfield of 1 byte.
      out.writeBytes(bytes("page.html\0a comment\0"));
      out.writeBytes(new byte[] {0x12, 0x34}); // CRC16 of the header: not checked.
    }
    byte[] data = bytes(text);
    out.writeBytes(Encodings.deflate(data, true));
    CRC32 crc = new CRC32();
    crc.update(data);
    writeIntLittleEndian(out, (int) crc.getValue());
    writeIntLittleEndian(out, data.length);
    return out.toByteArray();
  }

  private static void writeIntLittleEndian(ByteArrayOutputStream out, int value) {
    for (int i = 0; i < 4; i++) {
      out.write(value >>> (8 * i));
    }
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private interface Fetch {
    HttpPage run() throws Exception;
  }

  /** The cause of the failure {@code fetch} ended with. */
  private static Throwable catchFailure(Fetch fetch) throws Exception {
    try {
      HttpPage page = fetch.run();
      throw new AssertionError("expected a failure, got status " + page.status());
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }
}
