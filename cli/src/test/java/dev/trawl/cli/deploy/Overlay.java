package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A rendered kustomization as typed objects, with the look-ups the checks share.
 *
 * @param dir the kustomization's directory, relative to the repository
 * @param objects every rendered object, typed (see {@link TypedObjects})
 */
record Overlay(String dir, List<Object> objects) {

  private static final Map<String, Overlay> LOADED = new ConcurrentHashMap<>();

  /** The kustomization in {@code dir}, rendered and typed once per test JVM. */
  static Overlay of(String dir) {
    return LOADED.computeIfAbsent(dir, d -> new Overlay(d, typed(Kustomize.render(d))));
  }

  private static List<Object> typed(List<JsonNode> rendered) {
    return rendered.stream().map(TypedObjects::parse).toList();
  }

  /** Every object of that model. */
  <T> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The one object of that model and name. */
  <T> T named(Class<T> type, String name) {
    List<T> found =
        all(type).stream().filter(o -> TypedObjects.metadata(o).getName().equals(name)).toList();
    assertThat(found).as("%s: %s %s", dir, type.getSimpleName(), name).hasSize(1);
    return found.get(0);
  }

  /** Whether an object of that model and name is rendered. */
  <T> boolean has(Class<T> type, String name) {
    return all(type).stream().anyMatch(o -> TypedObjects.metadata(o).getName().equals(name));
  }

  /** The namespace every object lands in: the Namespace object's name. */
  String namespace() {
    List<io.fabric8.kubernetes.api.model.Namespace> namespaces =
        all(io.fabric8.kubernetes.api.model.Namespace.class);
    assertThat(namespaces).as(dir + ": one Namespace").hasSize(1);
    return namespaces.get(0).getMetadata().getName();
  }

  /** The data of a rendered ConfigMap. */
  Map<String, String> configMap(String name) {
    return named(ConfigMap.class, name).getData();
  }

  /** Whether a rendered Secret has that key (in data or stringData). */
  boolean secretHasKey(String name, String key) {
    Secret secret = named(Secret.class, name);
    return (secret.getData() != null && secret.getData().containsKey(key))
        || (secret.getStringData() != null && secret.getStringData().containsKey(key));
  }

  /** The KafkaTopic of a topic name. */
  KafkaTopic topic(String topicName) {
    List<KafkaTopic> found =
        all(KafkaTopic.class).stream().filter(t -> topicName(t).equals(topicName)).toList();
    assertThat(found).as("%s: KafkaTopic of %s", dir, topicName).hasSize(1);
    return found.get(0);
  }

  static String topicName(KafkaTopic topic) {
    return Objects.requireNonNullElse(
        topic.getSpec().getTopicName(), topic.getMetadata().getName());
  }

  static String name(Object typed) {
    return TypedObjects.metadata(typed).getName();
  }

  static ObjectMeta meta(Object typed) {
    return TypedObjects.metadata(typed);
  }

  /** Whether {@code selector} selects objects with {@code labels} (an empty selector: all). */
  static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector == null) {
      return true;
    }
    Map<String, String> have = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> label : selector.getMatchLabels().entrySet()) {
        if (!label.getValue().equals(have.get(label.getKey()))) {
          return false;
        }
      }
    }
    List<LabelSelectorRequirement> expressions =
        selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
    for (LabelSelectorRequirement requirement : expressions) {
      String value = have.get(requirement.getKey());
      List<String> values =
          requirement.getValues() == null ? List.of() : new ArrayList<>(requirement.getValues());
      boolean holds =
          switch (requirement.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            default -> throw new AssertionError("selector operator " + requirement.getOperator());
          };
      if (!holds) {
        return false;
      }
    }
    return true;
  }
}
