package dev.trawl.bench.roles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The launcher's jar, {@code local/target/trawl.jar}: built (if stale) by running the launcher
 * {@code ./trawl} once, then run directly, so that restarting a role costs no staleness check.
 */
public record TrawlJar(Path path) {

  /** Runs {@code REPO/trawl --version} (which builds the jar when sources changed); the jar. */
  public static TrawlJar build(Path repo) throws IOException, InterruptedException {
    Process launcher =
        new ProcessBuilder(List.of(repo.resolve("trawl").toString(), "--version"))
            .directory(repo.toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.INHERIT)
            .start();
    if (!launcher.waitFor(15, TimeUnit.MINUTES) || launcher.exitValue() != 0) {
      launcher.destroyForcibly();
      throw new IllegalStateException("./trawl --version failed: cannot build the launcher's jar");
    }
    return new TrawlJar(repo.resolve("local/target/trawl.jar"));
  }
}
