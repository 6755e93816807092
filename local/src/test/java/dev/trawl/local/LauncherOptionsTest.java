package dev.trawl.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM options the {@code trawl} launcher gives the one-JVM fleet commands, read from a copy of
 * the script beside a jar it takes as current and a {@code java} that prints its arguments: the
 * heap, the collector and its young generation, each left to the user when {@code TRAWL_JAVA_OPTS}
 * names its own.
 */
class LauncherOptionsTest {

  @TempDir Path dir;

  @BeforeEach
  void copyLauncher() throws IOException {
    Files.copy(Path.of("..", "trawl"), dir.resolve("trawl"), StandardCopyOption.COPY_ATTRIBUTES);
    Path jar = dir.resolve("local/target/trawl.jar");
    Files.createDirectories(jar.getParent());
    Files.write(jar, new byte[0]);
    Path java = dir.resolve("jdk/bin/java");
    Files.createDirectories(java.getParent());
    Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
    java.toFile().setExecutable(true);
  }

  @Test
  void fleetCommandsGetASmallHeapTheSerialCollectorAndAYoungGenerationForPages() throws Exception {
    assertThat(options("run", ""))
        .startsWith("-Xmx1g -XX:+UseSerialGC -Xmn400m -XX:SurvivorRatio=4 -jar ");
    assertThat(options("demo", "")).startsWith("-Xmx1g -XX:+UseSerialGC -Xmn400m");
  }

  @Test
  void aCollectorOrAHeapNamedByTheUserReplacesTheLaunchers() throws Exception {
    assertThat(options("run", "-XX:+UseG1GC")).startsWith("-Xmx1g -XX:+UseG1GC -jar ");
    assertThat(options("run", "-Xmx3g")).startsWith("-Xmx1g -XX:+UseSerialGC -Xmx3g -jar ");
    assertThat(options("run", "-Dx=1 -XX:NewRatio=2"))
        .startsWith("-Xmx1g -XX:+UseSerialGC -Dx=1 -XX:NewRatio=2 -jar ");
    assertThat(options("run", "-Dname.Xmx=1"))
        .startsWith("-Xmx1g -XX:+UseSerialGC -Xmn400m -XX:SurvivorRatio=4 -Dname.Xmx=1 -jar ");
  }

  @Test
  void otherCommandsKeepTheJvmsDefaults() throws Exception {
    assertThat(options("site", "")).startsWith("-jar ");
  }

  private String options(String command, String javaOpts) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(List.of("bash", dir.resolve("trawl").toString(), command, "--help"));
    builder.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
    builder.environment().put("TRAWL_JAVA_OPTS", javaOpts);
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output.strip();
  }
}
