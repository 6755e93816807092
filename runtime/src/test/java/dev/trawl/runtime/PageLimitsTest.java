package dev.trawl.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PageLimitsTest {

  @Test
  void aRecordHoldsAPageAtTheLimitAndItsRequest() {
    assertThat(PageLimits.maxMessageBytes(8 * 1024 * 1024)).isEqualTo(8 * 1024 * 1024 + 256 * 1024);
  }

  @Test
  void neverShrinksMessagesBelowKafkasDefaultMegabyte() {
    assertThat(PageLimits.maxMessageBytes(10_000)).isEqualTo(1024 * 1024);
  }

  @Test
  void producersOfPagesSendWholePagesInLargeBatchesFromABufferOfAtLeastTwoPages() {
    assertThat(PageLimits.producerTuning(2 * 1024 * 1024))
        .isEqualTo(
            Map.of(
                "max.request.size", 2 * 1024 * 1024 + 256 * 1024,
                "batch.size", 256 * 1024,
                "buffer.memory", 64L * 1024 * 1024));
    assertThat(PageLimits.producerTuning(64 * 1024 * 1024))
        .containsEntry("buffer.memory", 2L * (64 * 1024 * 1024 + 256 * 1024));
  }

  @Test
  void consumersOfPagesFetchAtLeastOneWholePage() {
    assertThat(PageLimits.consumerTuning(64 * 1024 * 1024))
        .isEqualTo(
            Map.of(
                "max.partition.fetch.bytes", 64 * 1024 * 1024 + 256 * 1024,
                "fetch.max.bytes", 64 * 1024 * 1024 + 256 * 1024));
    assertThat(PageLimits.consumerTuning(1024)).containsEntry("fetch.max.bytes", 50 * 1024 * 1024);
  }
}
