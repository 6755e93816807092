package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container that runs a trawl command, in its workload, with the variables it is given: values
 * (ConfigMaps resolved), {@code secret:NAME/KEY} for a Secret's key, {@code field:PATH} for the
 * downward API.
 *
 * @param command the trawl command (the container's first argument)
 * @param resource the Deployment, StatefulSet or CronJob
 * @param template its pod template
 * @param container the container
 * @param given the variables the container sets, in order
 */
record Workload(
    String command,
    HasMetadata resource,
    PodTemplateSpec template,
    Container container,
    Map<String, String> given) {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

  /** Every container of the overlay that runs a trawl command, by command. */
  static Map<String, Workload> of(Overlay overlay) {
    Map<String, Workload> workloads = new LinkedHashMap<>();
    List<HasMetadata> resources = new ArrayList<>();
    resources.addAll(overlay.all(Deployment.class));
    resources.addAll(overlay.all(StatefulSet.class));
    resources.addAll(overlay.all(CronJob.class));
    for (HasMetadata resource : resources) {
      PodTemplateSpec template = template(resource);
      for (Container container : template.getSpec().getContainers()) {
        String command = container.getArgs().get(0);
        assertThat(workloads)
            .as("%s: one workload runs %s", overlay.dir(), command)
            .doesNotContainKey(command);
        workloads.put(
            command, new Workload(command, resource, template, container, env(overlay, container)));
      }
    }
    return workloads;
  }

  static PodTemplateSpec template(HasMetadata resource) {
    if (resource instanceof Deployment deployment) {
      return deployment.getSpec().getTemplate();
    }
    if (resource instanceof StatefulSet statefulSet) {
      return statefulSet.getSpec().getTemplate();
    }
    return ((CronJob) resource).getSpec().getJobTemplate().getSpec().getTemplate();
  }

  private static Map<String, String> env(Overlay overlay, Container container) {
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource source : container.getEnvFrom()) {
      assertThat(source.getSecretRef())
          .as("variables come from ConfigMaps or single keys")
          .isNull();
      env.putAll(overlay.configMap(source.getConfigMapRef().getName()));
    }
    for (EnvVar variable : container.getEnv()) {
      String value = variable.getValue();
      if (variable.getValueFrom() != null && variable.getValueFrom().getSecretKeyRef() != null) {
        var ref = variable.getValueFrom().getSecretKeyRef();
        value = "secret:" + ref.getName() + "/" + ref.getKey();
      } else if (variable.getValueFrom() != null && variable.getValueFrom().getFieldRef() != null) {
        value = "field:" + variable.getValueFrom().getFieldRef().getFieldPath();
      }
      env.put(variable.getName(), value);
    }
    return env;
  }

  /** The variables with the command's defaults under them. */
  Map<String, String> env() {
    return Commands.withDefaults(command, given);
  }

  String get(String variable) {
    return env().get(variable);
  }

  String name() {
    return resource.getMetadata().getName();
  }

  /** Names of the variables {@code value} refers to as $(NAME). */
  static List<String> references(String value) {
    List<String> names = new ArrayList<>();
    Matcher m = REFERENCE.matcher(value == null ? "" : value);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  /** The container's memory limit in bytes. */
  long memoryLimitBytes() {
    Quantity limit = container.getResources().getLimits().get("memory");
    assertThat(limit).as(name() + " has a memory limit").isNotNull();
    return Quantity.getAmountInBytes(limit).longValueExact();
  }

  /** The port number of a named (or numbered) container port. */
  int port(String nameOrNumber) {
    return container.getPorts().stream()
        .filter(
            p -> nameOrNumber.equals(p.getName()) || nameOrNumber.equals(p.getContainerPort() + ""))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name() + " declares no port " + nameOrNumber))
        .getContainerPort();
  }
}
