package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Everything is denied unless a policy allows it; fetch workers reach DNS, Kafka and public
 * addresses on 80 and 443, never a private, shared, link-local or loopback range; admin ports
 * answer the monitoring namespace only.
 */
class NetworkPoliciesTest {

  static final List<String> DIRS = DeployFiles.KUSTOMIZATIONS;

  /**
   * Ranges a fetch worker must never reach: RFC 1918, shared address space (CGNAT, often pod
   * ranges), link-local with the cloud metadata address, loopback, and IPv6 unique-local and
   * link-local. Clusters whose pod or service ranges lie elsewhere add them (README).
   */
  static final List<String> FORBIDDEN =
      List.of(
          "10.0.0.0/8",
          "172.16.0.0/12",
          "192.168.0.0/16",
          "100.64.0.0/10",
          "169.254.0.0/16",
          "127.0.0.0/8",
          "fc00::/7",
          "fe80::/10",
          "::1/128");

  static final String MONITORING_NAMESPACE = "monitoring";

  @ParameterizedTest
  @FieldSource("DIRS")
  void everyPodIsDeniedInAndOutByDefault(String dir) {
    assertThat(Overlay.of(dir).all(NetworkPolicy.class))
        .anyMatch(
            p ->
                Overlay.selects(p.getSpec().getPodSelector(), Map.of())
                    && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                    && p.getSpec().getIngress().isEmpty()
                    && p.getSpec().getEgress().isEmpty());
  }

  @ParameterizedTest
  @FieldSource("DIRS")
  void fetchWorkersReachThePublicWebOn80And443AndNoPrivateRange(String dir) {
    Overlay overlay = Overlay.of(dir);
    Workload fetch = Workload.of(overlay).get("fetch-worker");
    Map<String, String> labels = fetch.template().getMetadata().getLabels();
    int publicRules = 0;
    for (NetworkPolicy policy : overlay.all(NetworkPolicy.class)) {
      if (!Overlay.selects(policy.getSpec().getPodSelector(), labels)
          || !policy.getSpec().getPolicyTypes().contains("Egress")) {
        continue;
      }
      for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
        String where = Overlay.name(policy);
        assertThat(rule.getTo())
            .as(where + ": a rule without peers allows every address")
            .isNotEmpty();
        for (NetworkPolicyPeer peer : rule.getTo()) {
          if (peer.getIpBlock() == null) {
            continue;
          }
          assertNoForbiddenRange(where, peer.getIpBlock());
          assertThat(ports(rule.getPorts()))
              .as(where + " ports")
              .containsExactlyInAnyOrder("80", "443");
          publicRules++;
        }
      }
    }
    assertThat(publicRules).as("rules for public IPv4 and IPv6").isEqualTo(2);
  }

  @ParameterizedTest
  @FieldSource("DIRS")
  void adminPortsAnswerTheMonitoringNamespaceOnly(String dir) {
    Overlay overlay = Overlay.of(dir);
    for (Workload workload : Workload.of(overlay).values()) {
      if (workload.resource() instanceof CronJob) {
        continue;
      }
      Map<String, String> labels = workload.template().getMetadata().getLabels();
      String admin = workload.get("TRAWL_ADMIN_PORT");
      int allowing = 0;
      for (NetworkPolicy policy : overlay.all(NetworkPolicy.class)) {
        if (!Overlay.selects(policy.getSpec().getPodSelector(), labels)) {
          continue;
        }
        for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
          List<String> ports = ports(rule.getPorts());
          if (!ports.isEmpty() && !ports.contains(admin)) {
            continue;
          }
          allowing++;
          assertThat(rule.getFrom())
              .as(Overlay.name(policy))
              .isNotEmpty()
              .allSatisfy(
                  peer -> {
                    assertThat(peer.getPodSelector()).isNull();
                    assertThat(peer.getIpBlock()).isNull();
                    assertThat(peer.getNamespaceSelector().getMatchLabels())
                        .isEqualTo(Map.of("kubernetes.io/metadata.name", MONITORING_NAMESPACE));
                  });
        }
      }
      assertThat(allowing).as("%s: Prometheus may scrape %s", dir, workload.name()).isPositive();
    }
  }

  private static void assertNoForbiddenRange(String where, IPBlock block) {
    Cidr allowed = Cidr.parse(block.getCidr());
    List<Cidr> except = block.getExcept().stream().map(Cidr::parse).toList();
    for (String range : FORBIDDEN) {
      Cidr forbidden = Cidr.parse(range);
      if (allowed.overlaps(forbidden)) {
        assertThat(except)
            .as("%s: %s excepts %s", where, block.getCidr(), range)
            .anyMatch(e -> e.contains(forbidden));
      }
    }
  }

  private static List<String> ports(List<NetworkPolicyPort> ports) {
    return ports.stream().map(NetworkPolicyPort::getPort).map(NetworkPoliciesTest::text).toList();
  }

  private static String text(IntOrString port) {
    return port.getStrVal() != null ? port.getStrVal() : String.valueOf(port.getIntVal());
  }
}
