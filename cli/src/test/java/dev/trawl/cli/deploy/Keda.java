package dev.trawl.cli.deploy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.List;
import java.util.Map;

/**
 * KEDA's resources as far as Trawl uses them (KEDA publishes no Java model): the fields of
 * keda.sh/v1alpha1 ScaledObject and TriggerAuthentication that the manifests may set.
 */
final class Keda {

  private Keda() {}

  /** A KEDA object: its metadata. */
  interface Resource {
    ObjectMeta metadata();
  }

  record ScaledObject(String apiVersion, String kind, ObjectMeta metadata, ScaledObjectSpec spec)
      implements Resource {}

  record ScaledObjectSpec(
      ScaleTarget scaleTargetRef,
      Integer minReplicaCount,
      Integer maxReplicaCount,
      Integer pollingInterval,
      Integer cooldownPeriod,
      Advanced advanced,
      List<Trigger> triggers) {}

  record ScaleTarget(String apiVersion, String kind, String name) {

    /** The kind KEDA scales when none is named. */
    String kindOrDefault() {
      return kind == null ? "Deployment" : kind;
    }
  }

  record Advanced(HpaConfig horizontalPodAutoscalerConfig) {}

  record HpaConfig(Map<String, Object> behavior) {}

  record Trigger(String type, Map<String, String> metadata, AuthenticationRef authenticationRef) {}

  record AuthenticationRef(String name) {}

  record TriggerAuthentication(
      String apiVersion, String kind, ObjectMeta metadata, TriggerAuthenticationSpec spec)
      implements Resource {}

  record TriggerAuthenticationSpec(List<SecretTarget> secretTargetRef) {}

  record SecretTarget(String parameter, String name, @JsonProperty("key") String key) {}
}
