package dev.trawl.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.schemas.Topics;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicSetupTest {

  @Test
  void pagesTopicAcceptsBodiesUpToTheContentLimitAndIsCompressed() {
    assertThat(TopicSetup.configs(Topics.PAGES, 8 * 1024 * 1024))
        .isEqualTo(
            Map.of(
                "max.message.bytes",
                String.valueOf(8 * 1024 * 1024 + 256 * 1024),
                "compression.type",
                "lz4"));
  }

  @Test
  void domainStatsTopicIsCompactedSoTheLatestValuePerHostSurvives() {
    assertThat(TopicSetup.configs(Topics.DOMAIN_STATS, 1024))
        .isEqualTo(Map.of("cleanup.policy", "compact"));
  }

  @Test
  void crawlsTopicIsCompactedSoEveryCrawlsLatestDefinitionSurvives() {
    assertThat(TopicSetup.configs(Topics.CRAWLS, 1024))
        .isEqualTo(Map.of("cleanup.policy", "compact"));
  }

  @Test
  void processDeadLetterAndSeedTopicsKeepKafkasRecordLimitAndAreCompressed() {
    assertThat(TopicSetup.configs(Topics.PROCESS_DLQ, 8 * 1024 * 1024))
        .isEqualTo(Map.of("compression.type", "lz4"));
    assertThat(TopicSetup.configs(Topics.SEEDS, 8 * 1024 * 1024))
        .isEqualTo(Map.of("compression.type", "lz4"));
  }
}
