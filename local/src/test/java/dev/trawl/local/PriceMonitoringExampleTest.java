package dev.trawl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.process.Extraction;
import dev.trawl.process.PageParser;
import dev.trawl.producer.ProduceSettings;
import dev.trawl.schemas.CrawlScope;
import dev.trawl.schemas.FetchOutcome;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FetchResult;
import dev.trawl.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's price-monitoring example says what its pages yield: each product page of
 * examples/price-monitoring, parsed with the example's rules and --extract, gives the line the
 * README shows for it (the README's lines came from a real trawl run against those pages).
 */
class PriceMonitoringExampleTest {

  static {
    Topics.all(); // trusts Trawl's Avro types before a builder copies an enum default
  }

  private static final Path EXAMPLE = Path.of("..", "examples", "price-monitoring");
  private static final String SITE = "http://127.0.0.1:8000";
  private static final List<String> PAGES =
      List.of("/products/kettle.html", "/products/toaster.html", "/products/grinder.html");

  @Test
  void everyProductPageGivesTheLineTheReadmeShows(@TempDir Path dir) throws Exception {
    ProduceSettings settings =
        ProduceSettings.defaults()
            .with(ProduceSettings.RULES, EXAMPLE.resolve("rules.yaml"))
            .with(ProduceSettings.EXTRACT, List.of("images=img::attr(abs:src)::all"));
    Extraction extraction = Extraction.of(settings.crawl(Clock.systemUTC()).definition(0));
    Listing listing = new Listing();
    Path out = dir.resolve("prices.jsonl");
    try (OutcomeWriter writer = new OutcomeWriter(out, listing)) {
      for (int i = 0; i < PAGES.size(); i++) {
        String url = SITE + PAGES.get(i);
        listing.accepted(i + 1, url, url);
        byte[] body = Files.readAllBytes(EXAMPLE.resolve("site" + PAGES.get(i)));
        writer.write(Outcome.of(new PageParser().parse(fetched(url, body), extraction)));
      }
    }

    assertThat(Files.readAllLines(out)).containsExactlyElementsOf(readmeLines());
  }

  /** The README's JSON lines of the example's product pages, in the example's order. */
  private static List<String> readmeLines() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    for (String page : PAGES) {
      String start = "{\"url\":\"" + SITE + page + "\"";
      int at = readme.indexOf(start);
      assertThat(at).as("README shows the line of " + page).isNotNegative();
      lines.add(readme.substring(at, readme.indexOf('\n', at)));
    }
    return lines;
  }

  private static FetchResult fetched(String url, byte[] body) {
    return FetchResult.newBuilder()
        .setRequest(
            FetchRequest.newBuilder()
                .setUrl(url)
                .setHost("127.0.0.1")
                .setCrawlId("prices")
                .setDepth(0)
                .setMaxDepth(0)
                .setScope(CrawlScope.HOST)
                .setEnqueuedAt(1)
                .build())
        .setOutcome(FetchOutcome.FETCHED)
        .setFinalUrl(url)
        .setRedirectChain(List.of())
        .setStatus(200)
        .setHeaders(Map.of("content-type", "text/html"))
        .setContentType("text/html")
        .setBody(ByteBuffer.wrap(body))
        .setFetchedAt(1)
        .setLatencyMs(1)
        .build();
  }
}
