package dev.trawl.embedded.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.Test;

class TestKafkaTest {
  @Test
  void sharesOneRunningBrokerForTheWholeJvm() throws Exception {
    String first = TestKafka.bootstrapServers();

    assertThat(TestKafka.bootstrapServers()).isEqualTo(first);
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, first))) {
      assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))
          .extracting(Node::id)
          .containsExactly(1);
    }
  }
}
