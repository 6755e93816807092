package dev.trawl.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.schemas.AvroSerde;
import dev.trawl.schemas.ErrorType;
import dev.trawl.schemas.FetchError;
import dev.trawl.schemas.FetchFailure;
import dev.trawl.schemas.FetchRequest;
import dev.trawl.schemas.FinalOutcome;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OutcomeTest {

  static {
    AvroSerde.trustTrawlRecords();
  }

  private static FetchFailure failure(ErrorType type, String message, int status) {
    return FetchFailure.newBuilder()
        .setRequest(
            FetchRequest.newBuilder()
                .setUrl("http://a.example/x")
                .setHost("a.example")
                .setCrawlId("c")
                .setDepth(2)
                .setEnqueuedAt(1L)
                .build())
        .setAttempts(3)
        .setError(new FetchError(type, message))
        .setFailedAt(5L)
        .setStatus(status)
        .build();
  }

  @Test
  void keepsTheLastStatusOfAFailureAfterRetries() {
    assertThat(Outcome.of(failure(ErrorType.HTTP_STATUS, "HTTP 503 after 3 attempts", 503)))
        .isEqualTo(
            new Outcome(
                "http://a.example/x",
                "a.example",
                FinalOutcome.FAILED,
                2,
                503,
                null,
                null,
                null,
                null,
                null,
                false,
                List.of(),
                "HTTP_STATUS",
                "HTTP 503 after 3 attempts",
                Map.of(),
                List.of(),
                null,
                null));
  }

  @Test
  void aFailureWithoutAResponseHasNoStatus() {
    assertThat(Outcome.of(failure(ErrorType.CONNECT, "refused", 0)).status()).isZero();
  }
}
