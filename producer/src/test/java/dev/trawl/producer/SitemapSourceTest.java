package dev.trawl.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

  @TempDir Path dir;

  @Test
  void followsAServedIndexToPlainAndGzipSitemaps() throws Exception {
    // The index names the sitemaps by URL, so the files are added once the port is known.
    Map<String, byte[]> files = new ConcurrentHashMap<>();
    try (StaticFiles server = StaticFiles.serve(files)) {
      files.put("/sitemap-index.xml", utf8(index(server.url("/a.xml"), server.url("/b.xml.gz"))));
      files.put("/a.xml", utf8(urlset("http://a.example/1", "http://a.example/2?x=1&amp;y=2")));
      files.put("/b.xml.gz", gzip(urlset("https://b.example/one", "https://b.example/two")));

      List<String> urls = readAll(SitemapSource.of(server.url("/sitemap-index.xml"), TIMEOUT));

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
