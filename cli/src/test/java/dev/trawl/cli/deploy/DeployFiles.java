package dev.trawl.cli.deploy;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.nio.file.Path;
import java.util.List;

/** Where the deployment files are, and what a check does when a tool it runs is missing. */
final class DeployFiles {

  /** The repository's root (tests run in cli/). */
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  /** The Kustomize directories that must render, each into its own single namespace. */
  static final List<String> KUSTOMIZATIONS =
      List.of("k8s/base", "k8s/overlays/dev", "k8s/overlays/prod");

  static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");

  static final Path DOCKERFILE = ROOT.resolve("Dockerfile");

  static final Path README = ROOT.resolve("README.md");

  private DeployFiles() {}

  /**
   * Stops a check that needs {@code tool}: a failure in CI (CI=true), where .ci/run installs every
   * tool, so that no check is ever skipped there; a skip elsewhere, naming the installer.
   */
  static <T> T missing(String tool) {
    String message =
        tool
            + " is not installed: run .ci/install-deploy-tools (it installs what these checks run)";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      return fail(message);
    }
    return abort(message);
  }
}
