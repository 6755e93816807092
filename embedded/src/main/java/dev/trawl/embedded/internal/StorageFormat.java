package dev.trawl.embedded.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/** Formats a KRaft log directory once, with a standalone (single voter) dynamic quorum. */
public final class StorageFormat {
  private StorageFormat() {}

  /** Tells whether {@code logDir} already holds a formatted node. */
  public static boolean isFormatted(Path logDir) {
    return Files.exists(logDir.resolve("meta.properties"));
  }

  /**
   * Formats {@code logDir} with a new cluster id unless it is formatted already; the storage tool
   * reads {@code config} from a file, written beside the log folder for the time of the format.
   */
  public static void formatIfNeeded(Path logDir, Properties config) {
    if (isFormatted(logDir)) {
      return;
    }
    Path configFile = logDir.resolveSibling(logDir.getFileName() + ".format.properties");
    try {
      Files.createDirectories(logDir);
      try (Writer out = Files.newBufferedWriter(configFile, StandardCharsets.UTF_8)) {
        config.store(out, "Written by trawl-embedded for the storage format tool");
      }
      format(logDir, configFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + configFile, e);
    } finally {
      try {
        Files.deleteIfExists(configFile);
      } catch (IOException e) {
        // Only a leftover file: the format itself has succeeded or thrown already.
      }
    }
  }

  private static void format(Path logDir, Path configFile) {
    String[] args = {
      "format",
      "--config",
      configFile.toString(),
      "--cluster-id",
      Uuid.randomUuid().toString(),
      "--standalone",
      "--ignore-formatted"
    };
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exitCode;
    try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exitCode = StorageTool.execute(args, print);
    }
    if (exitCode != 0) {
      throw new IllegalStateException(
          "formatting "
              + logDir
              + " failed with exit code "
              + exitCode
              + ": "
              + output.toString(StandardCharsets.UTF_8));
    }
  }
}
