package dev.trawl.fetch;

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
 * The worker's packages form layers: each imports only from the layers below it, so no two packages
 * depend on each other, whatever the route. Read from the sources, imports in comments included.
 */
class PackageLayersTest {

  /** Bottom first. */
  private static final List<String> LAYERS =
      List.of(
          "dev.trawl.fetch.internal.decode",
          "dev.trawl.fetch.internal.ssrf",
          "dev.trawl.fetch.internal.offsets",
          "dev.trawl.fetch.internal.proxy",
          "dev.trawl.fetch.internal.http",
          "dev.trawl.fetch.internal.outcome",
          "dev.trawl.fetch.internal.schedule",
          "dev.trawl.fetch.internal.kafka",
          "dev.trawl.fetch");

  private static final Path SOURCES = Path.of("src/main/java");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package ([\\w.]+);");
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import (dev\\.trawl\\.fetch(?:\\.[a-z]\\w*)*)\\.[A-Z]");

  @Test
  void eachPackageImportsOnlyFromTheLayersBelowIt() throws IOException {
    List<String> upwards = new ArrayList<>();
    List<String> packages = new ArrayList<>();
    try (Stream<Path> files = Files.walk(SOURCES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        String source = Files.readString(file);
        Matcher declared = PACKAGE.matcher(source);
        assertThat(declared.find()).as(file.toString()).isTrue();
        String from = declared.group(1);
        packages.add(from);
        Matcher imported = IMPORT.matcher(source);
        while (imported.find()) {
          String to = imported.group(1);
          if (!to.equals(from) && LAYERS.indexOf(to) >= LAYERS.indexOf(from)) {
            upwards.add(file.getFileName() + ": " + from + " -> " + to);
          }
        }
      }
    }

    assertThat(LAYERS).containsAll(packages);
    assertThat(upwards).isEmpty();
  }
}
