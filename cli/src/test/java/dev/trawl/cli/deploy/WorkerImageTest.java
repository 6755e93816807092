package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The worker image holds what workers run and nothing else, on base images pinned to exact
 * versions, built so that the same commit gives the same files.
 */
class WorkerImageTest {

  /** What the image's lib/ holds: the cli module's runtime dependencies, listed by the build. */
  private static final Path RUNTIME_DEPENDENCIES =
      Path.of("target", "runtime-dependencies.txt").toAbsolutePath();

  /**
   * Artifacts only local runs, tests or the build need (group:artifact prefixes). Jetty's server is
   * not among them: the intake serves with it.
   */
  private static final List<String> NOT_IN_THE_IMAGE =
      List.of(
          "org.apache.kafka:kafka_",
          "org.apache.kafka:kafka-server",
          "org.apache.kafka:kafka-storage",
          "org.apache.kafka:kafka-raft",
          "org.apache.kafka:kafka-metadata",
          "org.scala-lang:",
          "dev.trawl:trawl-embedded",
          "dev.trawl:trawl-local",
          "dev.trawl:trawl-bench",
          "org.testcontainers:",
          "org.junit",
          "io.fabric8:",
          "io.strimzi:");

  private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");
  private static final Pattern ARG = Pattern.compile("(?m)^ARG\\s+([A-Z_]+)=(\\S+)");

  @Test
  void baseImagesArePinnedToExactVersions() throws IOException {
    String dockerfile = Files.readString(DeployFiles.DOCKERFILE);
    Map<String, String> args = new java.util.HashMap<>();
    Matcher arg = ARG.matcher(dockerfile);
    while (arg.find()) {
      args.put(arg.group(1), arg.group(2));
    }
    List<String> images = new ArrayList<>();
    Matcher from = FROM.matcher(dockerfile);
    while (from.find()) {
      String image = from.group(1);
      if (image.startsWith("${")) {
        image = args.get(image.substring(2, image.length() - 1));
      }
      images.add(image);
    }
    assertThat(images)
        .hasSize(2)
        .allSatisfy(
            image ->
                assertThat(image)
                    .as("an exact version or a digest")
                    .matches(
                        ".+(:[^:@]*\\d+\\.\\d+\\.\\d+[^:@]*(@sha256:[0-9a-f]{64})?|@sha256:[0-9a-f]{64})"));
  }

  @Test
  void theImageRunsTheProductionCliFromItsOwnJarsWithFixedFileTimes() throws IOException {
    String dockerfile = Files.readString(DeployFiles.DOCKERFILE);
    assertThat(dockerfile)
        .contains("package -pl cli -am")
        .contains("-Dproject.build.outputTimestamp=\"${SOURCE_DATE_EPOCH}\"")
        .contains("touch -h -d \"@${SOURCE_DATE_EPOCH}\"")
        .contains("USER 10001:10001")
        .contains("\"-XX:+ExitOnOutOfMemoryError\"")
        .contains("\"-jar\", \"/app/trawl.jar\"]")
        .doesNotContainPattern("(?m)^RUN[^\n]*(useradd|groupadd)");
    assertThat(Files.readString(DeployFiles.README))
        .as("the README says how to build and push it")
        .contains("docker buildx build --build-arg SOURCE_DATE_EPOCH=")
        .contains("push=true");
  }

  @Test
  void theImageHoldsOnlyWhatWorkersRun() throws IOException {
    List<String> dependencies =
        Files.readAllLines(RUNTIME_DEPENDENCIES).stream()
            .map(String::strip)
            .filter(line -> line.matches("[\\w.-]+:[\\w.-]+:jar:.*"))
            .toList();

    assertThat(dependencies)
        .anyMatch(d -> d.startsWith("dev.trawl:trawl-fetch-worker:"))
        .anyMatch(d -> d.startsWith("dev.trawl:trawl-process-worker:"))
        .anyMatch(d -> d.startsWith("org.apache.kafka:kafka-streams:"))
        .anyMatch(d -> d.startsWith("org.rocksdb:rocksdbjni:"));
    assertThat(dependencies)
        .noneMatch(d -> NOT_IN_THE_IMAGE.stream().anyMatch(d::startsWith))
        .allMatch(d -> d.contains(":compile") || d.contains(":runtime"));
  }
}
