package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Process workers advertise a name other pods can resolve at any time (for /domains redirects), and
 * keep each standby on another node than its active task.
 */
class ProcessWorkersTest {

  static final List<String> DIRS = DeployFiles.KUSTOMIZATIONS;

  /** Linux refuses a longer hostname, and with setHostnameAsFQDN the pod would not start. */
  private static final int MAX_HOSTNAME_LENGTH = 64;

  /** The cluster domain the FQDN length is checked with (Kubernetes' default). */
  private static final String CLUSTER_DOMAIN = "cluster.local";

  @ParameterizedTest
  @FieldSource("DIRS")
  void eachPodAdvertisesItsDnsNameWhichResolvesWhileThePodIsNotReady(String dir) {
    Overlay overlay = Overlay.of(dir);
    Workload process = Workload.of(overlay).get("process-worker");
    StatefulSet statefulSet = (StatefulSet) process.resource();
    PodSpec pod = process.template().getSpec();

    // The worker advertises InetAddress.getLocalHost().getHostName() when bound to 0.0.0.0:
    // with setHostnameAsFQDN that is <pod>.<service>.<namespace>.svc.<cluster domain>.
    assertThat(process.get("TRAWL_ADMIN_HOST")).isEqualTo("0.0.0.0");
    assertThat(pod.getSetHostnameAsFQDN()).isTrue();
    Service service = overlay.named(Service.class, statefulSet.getSpec().getServiceName());
    assertThat(service.getSpec().getClusterIP()).isEqualTo("None");
    assertThat(service.getSpec().getPublishNotReadyAddresses()).isTrue();
    assertThat(
            Overlay.selects(statefulSet.getSpec().getSelector(), service.getSpec().getSelector()))
        .isTrue();
    assertThat(service.getSpec().getPorts())
        .anyMatch(p -> p.getPort() == Integer.parseInt(process.get("TRAWL_ADMIN_PORT")));

    int lastOrdinal = Autoscalers.maxReplicas(overlay, statefulSet) - 1;
    String fqdn =
        statefulSet.getMetadata().getName()
            + "-"
            + lastOrdinal
            + "."
            + service.getMetadata().getName()
            + "."
            + overlay.namespace()
            + ".svc."
            + CLUSTER_DOMAIN;
    assertThat(fqdn.length()).as(fqdn).isLessThanOrEqualTo(MAX_HOSTNAME_LENGTH);
  }

  @ParameterizedTest
  @FieldSource("DIRS")
  void standbysLandOnAnotherNodeThanTheirActiveTask(String dir) {
    Overlay overlay = Overlay.of(dir);
    Workload process = Workload.of(overlay).get("process-worker");
    StatefulSet statefulSet = (StatefulSet) process.resource();
    if (Autoscalers.maxReplicas(overlay, statefulSet) < 2) {
      assertThat(process.get("TRAWL_PROCESS_STANDBY_REPLICAS")).as("no other pod").isEqualTo("0");
      return;
    }
    assertThat(Integer.parseInt(process.get("TRAWL_PROCESS_STANDBY_REPLICAS"))).isPositive();
    // Kafka Streams puts a standby on a client whose tag "node" differs from the active's.
    assertThat(process.given().get("TRAWL_KAFKA_CLIENT_TAG_NODE")).isEqualTo("$(NODE_NAME)");
    assertThat(process.given().get("NODE_NAME")).isEqualTo("field:spec.nodeName");
    assertThat(process.given().get("TRAWL_KAFKA_RACK_AWARE_ASSIGNMENT_TAGS")).isEqualTo("node");
    // And the scheduler spreads the pods over nodes, so that another node has an instance.
    List<TopologySpreadConstraint> spread =
        process.template().getSpec().getTopologySpreadConstraints();
    assertThat(spread)
        .anyMatch(
            c ->
                c.getTopologyKey().equals("kubernetes.io/hostname")
                    && c.getMaxSkew() == 1
                    && Overlay.selects(
                        c.getLabelSelector(), process.template().getMetadata().getLabels()));
  }
}
