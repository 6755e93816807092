package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.schemas.Topic;
import dev.trawl.schemas.Topics;
import io.fabric8.kubernetes.api.model.Secret;
import io.strimzi.api.kafka.model.kafka.Kafka;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Fetch workers scale on the lag of trawl.urls (only partitions with lag count), process workers on
 * the lag of trawl.pages, both through KEDA with its own read-only Kafka user; neither fleet can
 * have more consumers (stream threads) than its topic has partitions.
 */
class AutoscalingTest {

  static final List<String> DIRS = DeployFiles.KUSTOMIZATIONS;

  static final List<String> SCALED = List.of("k8s/base", "k8s/overlays/prod");

  @ParameterizedTest
  @FieldSource("DIRS")
  void neitherFleetHasMoreConsumersThanItsTopicHasPartitions(String dir) {
    Overlay overlay = Overlay.of(dir);
    Map<String, Workload> workloads = Workload.of(overlay);
    Workload fetch = workloads.get("fetch-worker");
    Workload process = workloads.get("process-worker");
    int threads = Integer.parseInt(process.get("TRAWL_PROCESS_THREADS"));
    assertThat(Autoscalers.maxReplicas(overlay, fetch.resource()))
        .isPositive()
        .isLessThanOrEqualTo(partitions(overlay, Topics.URLS));
    assertThat(Autoscalers.maxReplicas(overlay, process.resource()) * threads)
        .as("stream threads at most, one per partition of trawl.pages")
        .isPositive()
        .isLessThanOrEqualTo(partitions(overlay, Topics.PAGES));
  }

  @ParameterizedTest
  @FieldSource("SCALED")
  void fetchWorkersScaleOnTheLagOfTrawlUrlsCountingOnlyPartitionsWithLag(String dir) {
    Overlay overlay = Overlay.of(dir);
    Workload fetch = Workload.of(overlay).get("fetch-worker");
    Keda.ScaledObject scaled = Autoscalers.of(overlay, fetch.resource()).orElseThrow();
    Map<String, String> trigger = kafkaTrigger(overlay, scaled, fetch);

    assertThat(trigger)
        .containsEntry("topic", Topics.URLS.name())
        .containsEntry("consumerGroup", fetch.get("TRAWL_FETCHER_GROUP_ID"))
        .containsEntry("limitToPartitionsWithLag", "true");
    assertThat(scaled.spec().minReplicaCount()).isPositive();
  }

  @ParameterizedTest
  @FieldSource("SCALED")
  void processWorkersScaleOnTheLagOfTrawlPagesNotOnCpu(String dir) {
    Overlay overlay = Overlay.of(dir);
    Workload process = Workload.of(overlay).get("process-worker");
    Keda.ScaledObject scaled = Autoscalers.of(overlay, process.resource()).orElseThrow();
    Map<String, String> trigger = kafkaTrigger(overlay, scaled, process);

    assertThat(trigger)
        .containsEntry("topic", Topics.PAGES.name())
        .containsEntry("consumerGroup", process.get("TRAWL_PROCESS_APPLICATION_ID"));
    assertThat(scaled.spec().scaleTargetRef().kind()).isEqualTo("StatefulSet");
    assertThat(scaled.spec().minReplicaCount()).isGreaterThanOrEqualTo(2);
    assertThat(scaled.spec().advanced().horizontalPodAutoscalerConfig().behavior())
        .as("slow scale-down: every change moves tasks and their state")
        .containsKey("scaleDown");
  }

  /**
   * The one Kafka trigger of {@code scaled}: it reads the cluster the workers use, through the same
   * listener, as KEDA's own user, which may only describe.
   */
  private static Map<String, String> kafkaTrigger(
      Overlay overlay, Keda.ScaledObject scaled, Workload workload) {
    assertThat(scaled.spec().triggers()).hasSize(1);
    Keda.Trigger trigger = scaled.spec().triggers().get(0);
    assertThat(trigger.type()).isEqualTo("kafka");
    Kafka kafka = overlay.all(Kafka.class).get(0);
    String servers = workload.get("TRAWL_BOOTSTRAP_SERVERS");
    String port = servers.substring(servers.lastIndexOf(':') + 1);
    assertThat(trigger.metadata())
        .containsEntry(
            "bootstrapServers",
            Overlay.name(kafka) + "-kafka-bootstrap." + overlay.namespace() + ".svc:" + port)
        .containsEntry("sasl", "scram_sha512")
        .containsEntry("tls", "enable");

    Keda.TriggerAuthentication auth =
        overlay.named(Keda.TriggerAuthentication.class, trigger.authenticationRef().name());
    Map<String, Keda.SecretTarget> parameters = new java.util.HashMap<>();
    auth.spec().secretTargetRef().forEach(t -> parameters.put(t.parameter(), t));
    String user = parameters.get("password").name();
    assertThat(parameters.get("password").key()).isEqualTo("password");
    Secret username = overlay.named(Secret.class, parameters.get("username").name());
    assertThat(
            new String(
                Base64.getDecoder()
                    .decode(username.getData().get(parameters.get("username").key())),
                StandardCharsets.UTF_8))
        .isEqualTo(user);
    assertThat(parameters.get("ca").name()).isEqualTo(Overlay.name(kafka) + "-cluster-ca-cert");
    assertThat(KafkaAcls.operations(overlay, user))
        .as("KEDA's user %s may only describe", user)
        .isNotEmpty()
        .allMatch(op -> op.equals("Describe") || op.equals("DescribeConfigs"));
    assertThat(workload.get("TRAWL_KAFKA_SASL_JAAS_CONFIG"))
        .doesNotStartWith("secret:" + user + "/");
    return trigger.metadata();
  }

  static int partitions(Overlay overlay, Topic<?, ?> topic) {
    return overlay.topic(topic.name()).getSpec().getPartitions();
  }
}
