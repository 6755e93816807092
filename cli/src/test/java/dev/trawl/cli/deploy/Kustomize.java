package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders a kustomization as {@code kubectl apply -k} would: with the kustomize binary that
 * .ci/install-deploy-tools installs (or one on the PATH), and, where kubectl is installed too, also
 * with kubectl's own kustomize, which must render the same objects.
 */
final class Kustomize {

  private static final YAMLMapper YAML = new YAMLMapper();

  /** Rendered objects by directory: each directory is rendered once per test JVM. */
  private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

  private Kustomize() {}

  /** The objects {@code dir} (relative to the repository) renders to. */
  static List<JsonNode> render(String dir) {
    return RENDERED.computeIfAbsent(dir, Kustomize::renderNow);
  }

  private static List<JsonNode> renderNow(String dir) {
    String path = DeployFiles.ROOT.resolve(dir).toString();
    List<String> kustomize =
        binary("kustomize").map(bin -> List.of(bin, "build", path)).orElse(null);
    Optional<String> kubectl = onPath("kubectl");
    if (kustomize == null && kubectl.isEmpty()) {
      return DeployFiles.missing("kustomize");
    }
    List<JsonNode> objects =
        kustomize != null ? objects(run(kustomize)) : objects(run(kubectlCommand(kubectl, path)));
    if (kustomize != null && kubectl.isPresent()) {
      assertThat(sorted(objects(run(kubectlCommand(kubectl, path)))))
          .as("kubectl kustomize %s renders what kustomize does", dir)
          .isEqualTo(sorted(objects));
    }
    return objects;
  }

  private static List<String> kubectlCommand(Optional<String> kubectl, String path) {
    return List.of(kubectl.orElseThrow(), "kustomize", path);
  }

  /** The kustomize binary .ci/install-deploy-tools installed, else kustomize on the PATH. */
  private static Optional<String> binary(String name) {
    Path installed = DeployFiles.ROOT.resolve(".ci/deploy-tools/node_modules/@install-binary");
    if (Files.isDirectory(installed)) {
      try (Stream<Path> files = Files.walk(installed)) {
        Optional<Path> found =
            files
                .filter(f -> f.getFileName().toString().startsWith(name + "-"))
                .filter(f -> Files.isRegularFile(f) && Files.isExecutable(f))
                .findFirst();
        if (found.isPresent()) {
          return Optional.of(found.get().toString());
        }
      } catch (IOException e) {
        throw new IllegalStateException("cannot list " + installed, e);
      }
    }
    return onPath(name);
  }

  /** An executable of that name on the PATH. */
  static Optional<String> onPath(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate.toString());
      }
    }
    return Optional.empty();
  }

  /** Runs {@code command} and returns its standard output; it must exit 0 within a minute. */
  static String run(List<String> command) {
    try {
      Path errors = Files.createTempFile("deploy-check", ".err");
      try {
        Process process =
            new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(errors.toFile())
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("%s ends", command).isTrue();
        assertThat(process.exitValue()).as("%s: %s", command, Files.readString(errors)).isZero();
        return out;
      } finally {
        Files.delete(errors);
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + command, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }

  /** The objects of a multi-document YAML text. */
  static List<JsonNode> objects(String yaml) {
    try (var values = YAML.readValues(YAML.createParser(yaml), JsonNode.class)) {
      List<JsonNode> objects = new ArrayList<>();
      values.readAll().stream().filter(doc -> doc != null && doc.isObject()).forEach(objects::add);
      return objects;
    } catch (IOException e) {
      throw new IllegalStateException("rendered YAML does not parse", e);
    }
  }

  private static List<JsonNode> sorted(List<JsonNode> objects) {
    List<JsonNode> sorted = new ArrayList<>(objects);
    sorted.sort(Comparator.comparing(JsonNode::toString));
    return sorted;
  }
}
