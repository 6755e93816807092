package dev.trawl.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trawl.embedded.testing.RawServer;
import dev.trawl.runtime.net.AddressGuard;
import dev.trawl.runtime.net.BlockedAddressException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SitemapSourceTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** The test servers listen on loopback, which the default guard refuses. */
  private static final AddressGuard PRIVATE_ALLOWED = new AddressGuard(true, List.of());

  @TempDir Path dir;

  @Test
  void followsAServedIndexToPlainAndGzipSitemaps() throws Exception {
    // The index names the sitemaps by URL, so the files are added once the port is known.
    Map<String, byte[]> files = new ConcurrentHashMap<>();
    try (StaticFiles server = StaticFiles.serve(files)) {
      files.put("/sitemap-index.xml", utf8(index(server.url("/a.xml"), server.url("/b.xml.gz"))));
      files.put("/a.xml", utf8(urlset("http://a.example/1", "http://a.example/2?x=1&amp;y=2")));
      files.put("/b.xml.gz", gzip(urlset("https://b.example/one", "https://b.example/two")));

      List<String> urls =
          readAll(SitemapSource.of(server.url("/sitemap-index.xml"), TIMEOUT, PRIVATE_ALLOWED));

      assertThat(urls)
          .containsExactly(
              "http://a.example/1",
              "http://a.example/2?x=1&y=2",
              "https://b.example/one",
              "https://b.example/two");
    }
  }

  @Test
  void readsAGzipSitemapFileWhateverItsName() throws Exception {
    Path file = Files.write(dir.resolve("sitemap.xml"), gzip(urlset("http://c.example/")));

    assertThat(readAll(SitemapSource.of(file.toString(), TIMEOUT)))
        .containsExactly("http://c.example/");
  }

  @Test
  void failsWithTheStatusWhenASitemapIsMissing() throws Exception {
    try (StaticFiles server = StaticFiles.serve(Map.of())) {
      String url = server.url("/missing.xml");
      SitemapSource source = SitemapSource.of(url, TIMEOUT);

      assertThatThrownBy(source::nextLine)
          .isInstanceOf(IOException.class)
          .hasMessage("sitemap " + url + " answered HTTP 404, not 200");
    }
  }

  @Test
  void readsTheNamedSitemapButRefusesTheSitemapsItListsOnPrivateAddressesByDefault()
      throws Exception {
    Map<String, byte[]> files = new ConcurrentHashMap<>();
    try (StaticFiles server = StaticFiles.serve(files)) {
      files.put("/index.xml", utf8(index(server.url("/a.xml"))));
      files.put("/a.xml", utf8(urlset("http://a.example/1")));
      SitemapSource source = SitemapSource.of(server.url("/index.xml"), TIMEOUT);

      assertThatThrownBy(source::nextLine)
          .isInstanceOf(BlockedAddressException.class)
          .hasMessage(
              "sitemap "
                  + server.url("/a.xml")
                  + " ("
                  + server.url("/a.xml")
                  + "): host '127.0.0.1' is refused by the address guard: 127.0.0.1 (loopback)");
      assertThat(server.requested()).containsExactly("/index.xml");
    }
  }

  @Test
  void refusesLinkLocalSitemapsEvenWithPrivateAddressesAllowedBeforeConnecting() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("index.xml"), index("http://169.254.169.254/latest/meta-data/"));
    SitemapSource source = SitemapSource.of(file.toString(), TIMEOUT, PRIVATE_ALLOWED);

    assertThatThrownBy(source::nextLine)
        .isInstanceOf(BlockedAddressException.class)
        .hasMessageEndingWith(
            "host '169.254.169.254' is refused by the address guard: 169.254.169.254 (link-local"
                + " (169.254.0.0/16, fe80::/10; cloud metadata lives here))");
  }

  @Test
  void readsOnlyHttpSitemapsFromAnIndexWhateverTheIndexWas() throws Exception {
    Path secret = Files.writeString(dir.resolve("secret.xml"), urlset("http://secret.example/"));
    Path file = Files.writeString(dir.resolve("index.xml"), index(secret.toUri().toString()));
    SitemapSource source = SitemapSource.of(file.toString(), TIMEOUT, PRIVATE_ALLOWED);

    assertThatThrownBy(source::nextLine)
        .isInstanceOf(IOException.class)
        .hasMessage(
            "sitemap index "
                + file.toUri().toURL()
                + " lists "
                + secret.toUri().toURL()
                + ": only http(s) is read");
  }

  @Test
  void followsRedirectsCheckingEachTarget() throws Exception {
    Map<String, byte[]> files = new ConcurrentHashMap<>();
    try (StaticFiles server = StaticFiles.serve(files)) {
      files.put("/moved.xml", utf8(urlset("http://moved.example/")));
      server.redirect("/old.xml", "/moved.xml");
      server.redirect("/to-file.xml", dir.resolve("x.xml").toUri().toString());

      assertThat(readAll(SitemapSource.of(server.url("/old.xml"), TIMEOUT, PRIVATE_ALLOWED)))
          .containsExactly("http://moved.example/");
      assertThatThrownBy(() -> readAll(SitemapSource.of(server.url("/old.xml"), TIMEOUT)))
          .isInstanceOf(BlockedAddressException.class)
          .hasMessageStartingWith(
              "sitemap " + server.url("/old.xml") + " (" + server.url("/moved.xml") + "): ");
      assertThatThrownBy(
              () -> readAll(SitemapSource.of(server.url("/to-file.xml"), TIMEOUT, PRIVATE_ALLOWED)))
          .isInstanceOf(IOException.class)
          .hasMessage(
              "sitemap "
                  + server.url("/to-file.xml")
                  + " redirects to "
                  + dir.resolve("x.xml").toUri()
                  + ": only http(s)");
    }
  }

  @Test
  void cutsASitemapThatStopsSendingAfterItsHeaders() throws Exception {
    try (RawServer server = RawServer.answering(RawServer.headersThenSilence())) {
      SitemapSource source =
          SitemapSource.of(server.url("/stalled.xml"), Duration.ofMillis(500), PRIVATE_ALLOWED);

      assertThatThrownBy(source::nextLine)
          .isInstanceOf(IOException.class)
          .hasMessage("sitemap " + server.url("/stalled.xml") + " sent nothing for 500 ms");
    }
  }

  @Test
  void cutsASitemapThatTricklesPastItsTotalTime() throws Exception {
    try (RawServer server = RawServer.answering(RawServer.trickle())) {
      SitemapSource source =
          SitemapSource.of(server.url("/slow.xml"), Duration.ofMillis(300), PRIVATE_ALLOWED);

      assertThatThrownBy(source::nextLine)
          .isInstanceOf(IOException.class)
          .hasMessage("sitemap " + server.url("/slow.xml") + " was not read whole within 3000 ms");
    }
  }

  @Test
  void cutsASitemapLargerThanTheCap() throws Exception {
    try (RawServer server = RawServer.answering(RawServer.endless())) {
      SitemapSource source = SitemapSource.of(server.url("/huge.xml"), TIMEOUT, PRIVATE_ALLOWED);

      assertThatThrownBy(source::nextLine)
          .isInstanceOf(IOException.class)
          .hasMessage(
              "sitemap "
                  + server.url("/huge.xml")
                  + " is larger than "
                  + SitemapSource.MAX_BYTES
                  + " bytes");
    }
  }

  @Test
  void refusesAMissingFile() {
    assertThatThrownBy(() -> SitemapSource.of("/no/such/sitemap.xml", TIMEOUT))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no such file: /no/such/sitemap.xml");
  }

  static String urlset(String... urls) {
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (String url : urls) {
      xml.append("  <url><loc>").append(url).append("</loc></url>\n");
    }
    return xml.append("</urlset>\n").toString();
  }

  static String index(String... sitemaps) {
    StringBuilder xml =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for (String sitemap : sitemaps) {
      xml.append("  <sitemap><loc>").append(sitemap).append("</loc></sitemap>\n");
    }
    return xml.append("</sitemapindex>\n").toString();
  }

  static byte[] gzip(String text) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(utf8(text));
    }
    return out.toByteArray();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> readAll(UrlSource source) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line = source.nextLine(); line != null; line = source.nextLine()) {
      lines.add(line);
    }
    return lines;
  }
}
