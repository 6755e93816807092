package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.openshift.api.model.monitoring.v1.PodMetricsEndpoint;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.Rule;
import io.strimzi.api.kafka.model.kafka.Kafka;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Prometheus scrapes every worker and Strimzi's metrics; the Grafana dashboard and the alert rules
 * show and watch what matters, in metric names the workers (or the named exporters) really export.
 */
class MonitoringTest {

  static final String DIR = "k8s/base";

  /** Metrics from exporters Trawl relies on, by exporter: not the workers'. */
  static final Map<String, String> EXPORTERS =
      Map.of(
          "kafka_consumergroup_lag", "Kafka Exporter (Strimzi's kafkaExporter)",
          "kafka_topic_partition_current_offset", "Kafka Exporter (Strimzi's kafkaExporter)",
          "kube_pod_container_status_restarts_total", "kube-state-metrics",
          "up", "Prometheus");

  @Test
  void prometheusScrapesEveryWorkerOnItsAdminPortAndStrimzisPods() {
    Overlay overlay = Overlay.of(DIR);
    List<PodMonitor> monitors = overlay.all(PodMonitor.class);
    for (Workload workload : Workload.of(overlay).values()) {
      if (workload.resource() instanceof CronJob) {
        continue;
      }
      PodMonitor monitor =
          monitors.stream()
              .filter(
                  m ->
                      Overlay.selects(
                          m.getSpec().getSelector(), workload.template().getMetadata().getLabels()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no PodMonitor for " + workload.name()));
      PodMetricsEndpoint endpoint = monitor.getSpec().getPodMetricsEndpoints().get(0);
      assertThat(endpoint.getPath()).isEqualTo("/metrics");
      assertThat(workload.port(endpoint.getPort()))
          .isEqualTo(Integer.parseInt(workload.get("TRAWL_ADMIN_PORT")));
    }
    Kafka kafka = overlay.all(Kafka.class).get(0);
    assertThat(monitors)
        .anyMatch(
            m ->
                Overlay.selects(
                        m.getSpec().getSelector(),
                        Map.of(
                            "strimzi.io/cluster", Overlay.name(kafka), "strimzi.io/kind", "Kafka"))
                    && m.getSpec()
                        .getPodMetricsEndpoints()
                        .get(0)
                        .getPort()
                        .equals("tcp-prometheus"));
  }

  @Test
  void theDashboardShowsThroughputLagOutcomesDeadLettersWorkInFlightAndProcessingTime()
      throws Exception {
    Set<String> used = new TreeSet<>();
    dashboardExpressions().forEach(e -> used.addAll(PromQl.metricNames(e)));
    assertThat(used)
        .contains(
            "trawl_fetch_outcomes_total",
            "trawl_process_pages_total",
            "kafka_consumergroup_lag",
            "trawl_process_dead_letters_total",
            "trawl_fetch_in_flight",
            "kafka_stream_thread_process_ratio");
  }

  @Test
  void alertsWatchGrowingLagOfBothFleetsDeadLettersAndRestarts() {
    Map<String, String> alerts = alerts();
    assertThat(alerts.values()).anyMatch(e -> e.contains("trawl-fetch") && e.contains("deriv("));
    assertThat(alerts.values()).anyMatch(e -> e.contains("trawl-process") && e.contains("deriv("));
    assertThat(alerts.values()).anyMatch(e -> e.contains("trawl_process_dead_letters_total"));
    assertThat(alerts.values()).anyMatch(e -> e.contains("outcome=\"FAILED\""));
    assertThat(alerts.values())
        .anyMatch(e -> e.contains("kube_pod_container_status_restarts_total"));
  }

  @Test
  void everyMetricTheDashboardAndTheAlertsReadIsExportedByTheWorkersOrANamedExporter()
      throws Exception {
    List<String> expressions = new ArrayList<>(dashboardExpressions());
    expressions.addAll(alerts().values());
    Set<String> used = new TreeSet<>();
    expressions.forEach(e -> used.addAll(PromQl.metricNames(e)));
    Set<String> exported = WorkerMetrics.exported();

    assertThat(used).isNotEmpty();
    assertThat(used)
        .filteredOn(name -> !EXPORTERS.containsKey(name))
        .allSatisfy(name -> assertThat(exported).as("the workers' metric names").contains(name));
  }

  private static List<String> dashboardExpressions() throws Exception {
    ConfigMap dashboard = Overlay.of(DIR).named(ConfigMap.class, "trawl-grafana-dashboard");
    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(dashboard.getData()).hasSize(1);
    JsonNode json = new ObjectMapper().readTree(dashboard.getData().values().iterator().next());
    List<String> expressions = new ArrayList<>();
    for (JsonNode panel : json.get("panels")) {
      assertThat(panel.get("targets")).as(panel.path("title").asText()).isNotEmpty();
      panel.get("targets").forEach(t -> expressions.add(t.get("expr").asText()));
    }
    return expressions;
  }

  private static Map<String, String> alerts() {
    Map<String, String> alerts = new HashMap<>();
    for (PrometheusRule rules : Overlay.of(DIR).all(PrometheusRule.class)) {
      rules
          .getSpec()
          .getGroups()
          .forEach(
              group -> {
                for (Rule rule : group.getRules()) {
                  alerts.put(rule.getAlert(), rule.getExpr().getStrVal());
                }
              });
    }
    return alerts;
  }
}
