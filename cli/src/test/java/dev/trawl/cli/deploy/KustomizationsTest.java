package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every kustomization renders, into one namespace, objects that parse into typed models: the
 * objects an overlay adds included (a namespace applies only to its own kustomization's resources,
 * so an overlay that forgot it would create them elsewhere).
 */
class KustomizationsTest {

  static final List<String> DIRS = DeployFiles.KUSTOMIZATIONS;

  @ParameterizedTest
  @FieldSource("DIRS")
  void everyObjectLandsInTheOneNamespaceTheKustomizationCreates(String dir) {
    Overlay overlay = Overlay.of(dir);
    String namespace = overlay.namespace();

    List<String> elsewhere = new ArrayList<>();
    for (Object object : overlay.objects()) {
      ObjectMeta meta = Overlay.meta(object);
      if (!(object instanceof Namespace) && !namespace.equals(meta.getNamespace())) {
        elsewhere.add(
            object.getClass().getSimpleName()
                + " "
                + meta.getName()
                + " in "
                + meta.getNamespace());
      }
    }
    assertThat(elsewhere).isEmpty();
  }

  @ParameterizedTest
  @FieldSource("DIRS")
  void everyObjectIsTypedAndNamedOncePerKind(String dir) {
    Overlay overlay = Overlay.of(dir);

    Set<String> seen = new HashSet<>();
    for (Object object : overlay.objects()) {
      String id = object.getClass().getSimpleName() + "/" + Overlay.name(object);
      assertThat(seen.add(id)).as(dir + ": " + id + " once").isTrue();
    }
    assertThat(overlay.objects()).isNotEmpty();
  }
}
