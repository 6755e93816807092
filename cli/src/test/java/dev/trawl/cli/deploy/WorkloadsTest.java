package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every container that runs a trawl command is given only variables the command reads, from
 * ConfigMaps and Secrets that exist (or that Strimzi or the operator creates, as documented), runs
 * as non-root on a read-only root, is probed on ports it declares, and stops within its grace.
 */
class WorkloadsTest {

  static final List<String> DIRS = DeployFiles.KUSTOMIZATIONS;

  /** Secrets the manifests use but do not render, with who makes them. */
  private static final String INTAKE_TOKEN = "trawl-intake-token";

  @ParameterizedTest
  @FieldSource("DIRS")
  void eachRoleRunsOnceAndEveryVariableIsOneItsCommandReads(String dir) {
    Map<String, Workload> workloads = Workload.of(Overlay.of(dir));

    assertThat(workloads.keySet()).containsExactlyInAnyOrderElementsOf(Commands.all());
    for (Workload workload : workloads.values()) {
      List<String> defined = new ArrayList<>();
      for (Map.Entry<String, String> variable : workload.given().entrySet()) {
        String name = variable.getKey();
        assertThat(defined)
            .as(
                "%s %s: $(...) in %s refers to variables defined before it",
                dir, workload.name(), name)
            .containsAll(Workload.references(variable.getValue()));
        defined.add(name);
        boolean helper =
            variable.getValue().startsWith("field:") && referencedLater(workload, name);
        assertThat(
                Commands.reads(workload.command(), name)
                    || Commands.PLATFORM_VARIABLES.contains(name)
                    || helper)
            .as(
                "%s %s: %s is an option of trawl %s",
                dir, workload.name(), name, workload.command())
            .isTrue();
      }
    }
  }

  @ParameterizedTest
  @FieldSource("DIRS")
  void everySecretAndConfigMapAContainerUsesExistsOrIsMadeByStrimziOrTheOperator(String dir)
      throws IOException {
    Overlay overlay = Overlay.of(dir);
    Set<String> strimziSecrets = new HashSet<>();
    overlay.all(KafkaUser.class).forEach(user -> strimziSecrets.add(Overlay.name(user)));
    overlay.all(Kafka.class).forEach(k -> strimziSecrets.add(Overlay.name(k) + "-cluster-ca-cert"));

    for (Workload workload : Workload.of(overlay).values()) {
      List<String> secrets = new ArrayList<>();
      workload.given().values().stream()
          .filter(value -> value.startsWith("secret:"))
          .forEach(value -> secrets.add(value.substring(7, value.indexOf('/'))));
      for (Volume volume : workload.template().getSpec().getVolumes()) {
        if (volume.getSecret() != null) {
          secrets.add(volume.getSecret().getSecretName());
        }
        if (volume.getConfigMap() != null) {
          assertThat(
                  overlay.has(
                      io.fabric8.kubernetes.api.model.ConfigMap.class,
                      volume.getConfigMap().getName()))
              .as("%s: ConfigMap %s", dir, volume.getConfigMap().getName())
              .isTrue();
        }
      }
      for (String secret : secrets) {
        boolean rendered = overlay.has(Secret.class, secret);
        boolean documented =
            secret.equals(INTAKE_TOKEN)
                && Files.readString(DeployFiles.README).contains("create secret generic " + secret);
        assertThat(rendered || strimziSecrets.contains(secret) || documented)
            .as(
                "%s %s: Secret %s is rendered, made by Strimzi, or its making is documented",
                dir, workload.name(), secret)
            .isTrue();
      }
    }
  }

  @ParameterizedTest
  @FieldSource("DIRS")
  void workloadsRunAsNonRootOnAReadOnlyRootAndProbeTheirAdminPort(String dir) {
    Overlay overlay = Overlay.of(dir);
    for (Workload workload : Workload.of(overlay).values()) {
      PodSpec pod = workload.template().getSpec();
      Container container = workload.container();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
      assertThat(pod.getAutomountServiceAccountToken()).isFalse();
      assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
      assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
      assertThat(container.getSecurityContext().getCapabilities().getDrop()).contains("ALL");
      assertThat(emptyDirMounts(pod, container)).contains("/tmp");
      if (workload.resource() instanceof CronJob) {
        assertThat(container.getLivenessProbe()).isNull();
        continue;
      }
      int adminPort = Integer.parseInt(workload.get("TRAWL_ADMIN_PORT"));
      assertThat(probe(workload, container.getLivenessProbe()))
          .isEqualTo("/health/live:" + adminPort);
      assertThat(probe(workload, container.getStartupProbe()))
          .isEqualTo("/health/live:" + adminPort);
      assertThat(probe(workload, container.getReadinessProbe()))
          .isEqualTo("/health/ready:" + adminPort);
      assertThat(overlay.all(PodDisruptionBudget.class))
          .as("%s: a disruption budget for %s", dir, workload.name())
          .anyMatch(
              pdb ->
                  Overlay.selects(
                      pdb.getSpec().getSelector(), workload.template().getMetadata().getLabels()));
    }
  }

  @ParameterizedTest
  @FieldSource("DIRS")
  void workersStopWithinTheirTerminationGrace(String dir) {
    Map<String, Workload> workloads = Workload.of(Overlay.of(dir));
    for (String command : List.of("fetch-worker", "process-worker")) {
      Workload worker = workloads.get(command);
      String prefix = command.equals("fetch-worker") ? "TRAWL_FETCHER" : "TRAWL_PROCESS";
      long graceSeconds = Long.parseLong(worker.get(prefix + "_SHUTDOWN_GRACE_MS")) / 1000;
      assertThat(worker.template().getSpec().getTerminationGracePeriodSeconds())
          .as("%s: %s stops within its grace, and 15 s to close", dir, command)
          .isGreaterThanOrEqualTo(graceSeconds + 15);
    }
  }

  @ParameterizedTest
  @FieldSource("DIRS")
  void memoryLimitsHoldTheHeapTheRocksDbBudgetAndHeadroom(String dir) {
    Map<String, Workload> workloads = Workload.of(Overlay.of(dir));
    Workload process = workloads.get("process-worker");
    long rocksDb = Long.parseLong(process.get("TRAWL_PROCESS_ROCKSDB_MEMORY_BYTES"));
    assertThat(process.given()).containsKey("JDK_JAVA_OPTIONS");
    assertThat(process.memoryLimitBytes())
        .as("%s: process worker limit >= heap + RocksDB + headroom", dir)
        .isGreaterThanOrEqualTo(Memory.heapBytes(process) + rocksDb + Memory.HEADROOM_BYTES);
    assertThat(process.container().getResources().getRequests().get("memory"))
        .isEqualTo(process.container().getResources().getLimits().get("memory"));

    Workload fetch = workloads.get("fetch-worker");
    long bodies = Long.parseLong(fetch.get("TRAWL_FETCHER_BODY_BUDGET_BYTES"));
    assertThat(Memory.heapBytes(fetch))
        .as("%s: fetch worker heap holds the body budget twice (read, then encoded)", dir)
        .isGreaterThanOrEqualTo(2 * bodies);
  }

  @ParameterizedTest
  @FieldSource("DIRS")
  void processWorkersKeepStateOnTheirVolumeWithAThreadPerRequestedCpu(String dir) {
    Workload process = Workload.of(Overlay.of(dir)).get("process-worker");
    StatefulSet statefulSet = (StatefulSet) process.resource();
    String claim = statefulSet.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
    assertThat(process.container().getVolumeMounts())
        .anyMatch(
            m ->
                m.getName().equals(claim)
                    && m.getMountPath().equals(process.get("TRAWL_PROCESS_STATE_DIR")));
    assertThat(process.get("TRAWL_PROCESS_THREADS"))
        .as("one stream thread per requested CPU")
        .isEqualTo(process.container().getResources().getRequests().get("cpu").toString());
  }

  @ParameterizedTest
  @FieldSource("DIRS")
  void theCrawlersIdentityIsSetOnceInAConfigMapAndIsNotTheDefault(String dir) {
    Overlay overlay = Overlay.of(dir);
    Workload fetch = Workload.of(overlay).get("fetch-worker");
    List<String> sources = new ArrayList<>();
    for (var source : fetch.container().getEnvFrom()) {
      if (overlay
          .configMap(source.getConfigMapRef().getName())
          .containsKey("TRAWL_FETCHER_USER_AGENT")) {
        sources.add(source.getConfigMapRef().getName());
      }
    }
    assertThat(sources).as("ConfigMaps setting the User-Agent").hasSize(1);
    Map<String, String> crawler = overlay.configMap(sources.get(0));
    assertThat(fetch.container().getEnv())
        .noneMatch(
            v ->
                v.getName().startsWith("TRAWL_FETCHER_USER_AGENT")
                    || v.getName().equals("TRAWL_FETCHER_ROBOTS_AGENT"));
    String userAgent = crawler.get("TRAWL_FETCHER_USER_AGENT");
    assertThat(userAgent)
        .isNotEqualTo(
            Commands.withDefaults("fetch-worker", Map.of()).get("TRAWL_FETCHER_USER_AGENT"))
        .contains("+https://")
        .startsWith(crawler.get("TRAWL_FETCHER_ROBOTS_AGENT") + "/");
  }

  @ParameterizedTest
  @FieldSource("DIRS")
  void proxiesComeFromAMountedSecretFile(String dir) {
    Overlay overlay = Overlay.of(dir);
    Workload fetch = Workload.of(overlay).get("fetch-worker");
    assertThat(fetch.given()).doesNotContainKey("TRAWL_FETCHER_PROXIES");
    String file = fetch.given().get("TRAWL_FETCHER_PROXY_FILE");
    String directory = file.substring(0, file.lastIndexOf('/'));
    VolumeMount mount =
        fetch.container().getVolumeMounts().stream()
            .filter(m -> m.getMountPath().equals(directory))
            .findFirst()
            .orElseThrow();
    Volume volume =
        fetch.template().getSpec().getVolumes().stream()
            .filter(v -> v.getName().equals(mount.getName()))
            .findFirst()
            .orElseThrow();
    assertThat(
            overlay.secretHasKey(
                volume.getSecret().getSecretName(), file.substring(file.lastIndexOf('/') + 1)))
        .isTrue();
  }

  private static boolean referencedLater(Workload workload, String name) {
    return workload.given().values().stream().anyMatch(v -> Workload.references(v).contains(name));
  }

  /** The path and port number an HTTP probe asks, the port checked to be declared. */
  private static String probe(Workload workload, Probe probe) {
    assertThat(probe).as(workload.name() + " probe").isNotNull();
    HTTPGetAction get = probe.getHttpGet();
    String port =
        get.getPort().getStrVal() != null
            ? get.getPort().getStrVal()
            : String.valueOf(get.getPort().getIntVal());
    return get.getPath() + ":" + workload.port(port);
  }

  private static List<String> emptyDirMounts(PodSpec pod, Container container) {
    Set<String> emptyDirs = new HashSet<>();
    pod.getVolumes().stream()
        .filter(v -> v.getEmptyDir() != null)
        .forEach(v -> emptyDirs.add(v.getName()));
    return container.getVolumeMounts().stream()
        .filter(m -> emptyDirs.contains(m.getName()))
        .map(VolumeMount::getMountPath)
        .toList();
  }
}
