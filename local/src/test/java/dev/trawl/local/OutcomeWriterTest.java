package dev.trawl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.producer.RejectReason;
import dev.trawl.producer.Rejection;
import dev.trawl.schemas.FieldError;
import dev.trawl.schemas.FieldErrorType;
import dev.trawl.schemas.FinalOutcome;
import dev.trawl.schemas.MicrodataItem;
import dev.trawl.schemas.Offer;
import dev.trawl.schemas.Product;
import dev.trawl.schemas.StructuredData;
import dev.trawl.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutcomeWriterTest {

  static {
    Topics.all(); // trusts Trawl's Avro types before a builder copies an enum default
  }

  @Test
  void writesOneLineAnOutcomeWithTheUrlAsListed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.jsonl");
    Listing listing = new Listing();
    listing.accepted(2, "  HTTP://A.example:80/x#top ", "http://a.example/x");
    try (OutcomeWriter writer = new OutcomeWriter(file, listing)) {
      writer.write(
          new Outcome(
              "http://a.example/x",
              "a.example",
              FinalOutcome.FETCHED,
              0,
              200,
              "http://a.example/x",
              "Title",
              12,
              3,
              5120L,
              false,
              List.of(),
              null,
              null,
              Map.of(),
              List.of(),
              StructuredData.newBuilder().build(),
              null));
      writer.write(
          new Outcome(
              "http://b.example/",
              "b.example",
              FinalOutcome.FAILED,
              1,
              0,
              null,
              null,
              null,
              null,
              null,
              false,
              List.of(),
              "CONNECT",
              "Connection refused",
              Map.of(),
              List.of(),
              null,
              null));
    }

    assertThat(Files.readAllLines(file))
        .containsExactly(
            "{\"url\":\"HTTP://A.example:80/x#top\",\"normalizedUrl\":\"http://a.example/x\","
                + "\"line\":2,\"host\":\"a.example\",\"outcome\":\"FETCHED\",\"depth\":0,\"status\":200,"
                + "\"title\":\"Title\",\"wordCount\":12,\"outlinkCount\":3,\"bodyBytes\":5120}",
            "{\"url\":\"http://b.example/\",\"host\":\"b.example\",\"outcome\":\"FAILED\","
                + "\"depth\":1,\"error\":{\"type\":\"CONNECT\",\"message\":\"Connection refused\"}}");
  }

  @Test
  void writesAPagesSizeCapsFieldsFieldErrorsStructuredDataAndMainText(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("out.jsonl");
    StructuredData structured =
        StructuredData.newBuilder()
            .setH1(List.of("Kettle"))
            .setProducts(
                List.of(
                    Product.newBuilder()
                        .setName("Kettle")
                        .setOffers(
                            List.of(
                                Offer.newBuilder().setPrice("24.50").setCurrency("EUR").build()))
                        .build()))
            .setMicrodata(List.of(new MicrodataItem(List.of("Product"), null, List.of())))
            .build();
    try (OutcomeWriter writer = new OutcomeWriter(file, new Listing())) {
      writer.write(
          new Outcome(
              "http://a.example/k",
              "a.example",
              FinalOutcome.FETCHED,
              0,
              200,
              "http://a.example/k",
              "Kettle",
              2,
              0,
              1048576L,
              true,
              List.of("fields.price"),
              null,
              null,
              Map.of("sku", List.of(), "price", List.of("24.50")),
              List.of(new FieldError("sku", FieldErrorType.TIMEOUT, "stopped")),
              structured,
              "Kettle\n24.50"));
    }

    assertThat(Files.readAllLines(file))
        .containsExactly(
            "{\"url\":\"http://a.example/k\",\"host\":\"a.example\",\"outcome\":\"FETCHED\","
                + "\"depth\":0,\"status\":200,\"title\":\"Kettle\",\"wordCount\":2,"
                + "\"outlinkCount\":0,\"bodyBytes\":1048576,\"truncated\":true,"
                + "\"capped\":[\"fields.price\"],\"fields\":{\"price\":[\"24.50\"],\"sku\":[]},"
                + "\"fieldErrors\":[{\"field\":\"sku\",\"error\":\"TIMEOUT\","
                + "\"message\":\"stopped\"}],\"structured\":{\"h1\":[\"Kettle\"],"
                + "\"products\":[{\"source\":\"JSON_LD\",\"name\":\"Kettle\",\"offers\":"
                + "[{\"price\":\"24.50\",\"currency\":\"EUR\"}]}]},"
                + "\"mainText\":\"Kettle\\n24.50\"}");
  }

  @Test
  void writesRejectedAndDuplicateLinesWithTheirLineNumbers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out.jsonl");
    Listing listing = new Listing();
    listing.accepted(3, "http://a.example/x", "http://a.example/x");
    try (OutcomeWriter writer = new OutcomeWriter(file, listing)) {
      writer.rejected(
          new Rejection(
              4,
              " ftp://a.example/f",
              RejectReason.UNSUPPORTED_SCHEME,
              "unsupported scheme \"ftp\" (only http and https)"));
      writer.duplicate(5, "HTTP://a.example/x#top", "http://a.example/x", 3);
      writer.duplicate(6, "http://a.example/x", "http://a.example/x", 3);

      assertThat(writer.lines()).isEqualTo(3);
    }

    assertThat(Files.readAllLines(file))
        .containsExactly(
            "{\"url\":\"ftp://a.example/f\",\"line\":4,\"outcome\":\"REJECTED\",\"error\":"
                + "{\"type\":\"UNSUPPORTED_SCHEME\",\"message\":\"unsupported scheme \\\"ftp\\\""
                + " (only http and https)\"}}",
            "{\"url\":\"HTTP://a.example/x#top\",\"normalizedUrl\":\"http://a.example/x\","
                + "\"line\":5,\"outcome\":\"DUPLICATE\",\"firstLine\":3}",
            "{\"url\":\"http://a.example/x\",\"line\":6,\"outcome\":\"DUPLICATE\","
                + "\"firstLine\":3}");
  }
}
