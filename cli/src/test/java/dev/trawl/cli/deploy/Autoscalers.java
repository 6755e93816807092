package dev.trawl.cli.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.Optional;

/** How many replicas a workload may have: its KEDA ScaledObject's maximum, or its fixed count. */
final class Autoscalers {

  private Autoscalers() {}

  /** The ScaledObject scaling {@code workload}, if one does. */
  static Optional<Keda.ScaledObject> of(Overlay overlay, HasMetadata workload) {
    return overlay.all(Keda.ScaledObject.class).stream()
        .filter(s -> s.spec().scaleTargetRef().name().equals(workload.getMetadata().getName()))
        .filter(s -> s.spec().scaleTargetRef().kindOrDefault().equals(workload.getKind()))
        .findFirst();
  }

  /** The most replicas {@code workload} can have. */
  static int maxReplicas(Overlay overlay, HasMetadata workload) {
    Optional<Keda.ScaledObject> scaled = of(overlay, workload);
    if (scaled.isPresent()) {
      return scaled.get().spec().maxReplicaCount();
    }
    Integer replicas =
        workload instanceof StatefulSet s
            ? s.getSpec().getReplicas()
            : ((Deployment) workload).getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }
}
