package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every TRAWL_* variable written anywhere in the deployment files (docker-compose.yml, k8s/,
 * comments and patches included) names an option of some trawl command or a Kafka client property,
 * so that a renamed option cannot linger in a file no rendered check reads. The rendered manifests
 * are checked in this package: {@link KustomizationsTest}, {@link WorkloadsTest}, {@link
 * ProcessWorkersTest}, {@link KafkaTest}, {@link AutoscalingTest}, {@link NetworkPoliciesTest},
 * {@link MonitoringTest}; the compose file by {@link ComposeTest}, the image by {@link
 * WorkerImageTest}.
 */
class DeploymentManifestsTest {

  private static final Pattern TRAWL_VARIABLE = Pattern.compile("TRAWL_[A-Z0-9_]*[A-Z0-9]");

  @Test
  void everyTrawlVariableInTheDeploymentFilesNamesAnOptionOrAKafkaProperty() throws IOException {
    List<Path> files = new ArrayList<>(List.of(DeployFiles.COMPOSE_FILE, DeployFiles.DOCKERFILE));
    try (Stream<Path> k8s = Files.walk(DeployFiles.ROOT.resolve("k8s"))) {
      k8s.filter(Files::isRegularFile).forEach(files::add);
    }
    List<String> unknown = new ArrayList<>();
    int found = 0;
    for (Path file : files) {
      Matcher m = TRAWL_VARIABLE.matcher(Files.readString(file));
      while (m.find()) {
        found++;
        // TRAWL_KAFKA alone is the prefix, as in the comment "TRAWL_KAFKA_<KEY>".
        if (!Commands.anyReads(m.group()) && !m.group().equals("TRAWL_KAFKA")) {
          unknown.add(DeployFiles.ROOT.relativize(file) + ": " + m.group());
        }
      }
    }
    assertThat(found).isPositive();
    assertThat(unknown).isEmpty();
  }
}
