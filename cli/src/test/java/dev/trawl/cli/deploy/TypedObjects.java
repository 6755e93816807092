package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.PodMonitor;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Rendered objects as typed models: Kubernetes' own kinds as fabric8's models, Strimzi's as
 * Strimzi's api classes, the Prometheus Operator's as fabric8's monitoring models and KEDA's as
 * {@link Keda}'s records. Each kind is expected at one API version, and every field an object sets
 * must be one its model knows: a misspelt field is an error, not an ignored extra.
 */
final class TypedObjects {

  /** A kind, the API version it is written in, and its model. */
  record Model(String apiVersion, String kind, Class<?> type) {}

  static final List<Model> MODELS =
      List.of(
          new Model("v1", "Namespace", Namespace.class),
          new Model("v1", "ConfigMap", ConfigMap.class),
          new Model("v1", "Secret", Secret.class),
          new Model("v1", "Service", Service.class),
          new Model("apps/v1", "Deployment", Deployment.class),
          new Model("apps/v1", "StatefulSet", StatefulSet.class),
          new Model("batch/v1", "CronJob", CronJob.class),
          new Model("policy/v1", "PodDisruptionBudget", PodDisruptionBudget.class),
          new Model("networking.k8s.io/v1", "NetworkPolicy", NetworkPolicy.class),
          new Model("kafka.strimzi.io/v1", "Kafka", Kafka.class),
          new Model("kafka.strimzi.io/v1", "KafkaNodePool", KafkaNodePool.class),
          new Model("kafka.strimzi.io/v1", "KafkaTopic", KafkaTopic.class),
          new Model("kafka.strimzi.io/v1", "KafkaUser", KafkaUser.class),
          new Model("monitoring.coreos.com/v1", "PodMonitor", PodMonitor.class),
          new Model("monitoring.coreos.com/v1", "PrometheusRule", PrometheusRule.class),
          new Model("keda.sh/v1alpha1", "ScaledObject", Keda.ScaledObject.class),
          new Model("keda.sh/v1alpha1", "TriggerAuthentication", Keda.TriggerAuthentication.class));

  private static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private static final ObjectMapper STRICT =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  private TypedObjects() {}

  /** The typed model of a rendered object; fails for a kind, version or field it does not know. */
  static Object parse(JsonNode object) {
    String kind = object.path("kind").asText();
    Model model =
        MODELS.stream()
            .filter(m -> m.kind().equals(kind))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no typed model for kind " + kind));
    String where = kind + " " + object.at("/metadata/name").asText();
    assertThat(object.path("apiVersion").asText()).as(where).isEqualTo(model.apiVersion());
    try {
      // KEDA's records list every field they allow: unknown ones fail there.
      ObjectMapper mapper = Keda.class.equals(model.type().getEnclosingClass()) ? STRICT : MAPPER;
      Object typed = mapper.treeToValue(object, model.type());
      List<String> unknown = new ArrayList<>();
      unknownFields(typed, where, unknown);
      assertThat(unknown).as("fields the model of %s does not know", where).isEmpty();
      return typed;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new AssertionError(where + " does not parse as " + model.type().getName(), e);
    }
  }

  /**
   * Fields a model kept as "additional properties" (fabric8 and Strimzi models keep what they do
   * not know there), anywhere in the object.
   */
  private static void unknownFields(Object value, String path, List<String> found) {
    if (value == null || value instanceof String || value instanceof Number) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        unknownFields(item, path + "[" + i++ + "]", found);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> unknownFields(v, path + "." + k, found));
      return;
    }
    String type = value.getClass().getName();
    if (!type.startsWith("io.fabric8.") && !type.startsWith("io.strimzi.")) {
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || getter.getDeclaringClass() == Object.class
          || !getter.getName().startsWith("get")) {
        continue;
      }
      Object result = invoke(getter, value);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (result instanceof Map<?, ?> extra && !extra.isEmpty()) {
          found.add(path + ": " + extra.keySet());
        }
      } else if (!getter.getReturnType().isPrimitive() && !getter.getReturnType().isEnum()) {
        unknownFields(result, path + "." + getter.getName().substring(3), found);
      }
    }
  }

  private static Object invoke(Method getter, Object target) {
    try {
      return getter.invoke(target);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return null;
    }
  }

  /** The metadata of a typed object (KEDA's records have theirs too). */
  static io.fabric8.kubernetes.api.model.ObjectMeta metadata(Object typed) {
    if (typed instanceof HasMetadata resource) {
      return resource.getMetadata();
    }
    return ((Keda.Resource) typed).metadata();
  }
}
