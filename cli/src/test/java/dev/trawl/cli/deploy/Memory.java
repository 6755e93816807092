package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A worker container's memory, as the README's formula puts it: limit = heap + off-heap budget
 * (RocksDB, for the process worker) + {@link #HEADROOM_BYTES}. The heap is -Xmx from
 * JDK_JAVA_OPTIONS, else the image's -XX:MaxRAMPercentage of the limit.
 */
final class Memory {

  /**
   * What the JVM and the native libraries use beside the heap and the RocksDB budget: metaspace,
   * code cache, thread stacks, GC structures, direct buffers, RocksDB outside its cache.
   */
  static final long HEADROOM_BYTES = 512L * 1024 * 1024;

  private static final Pattern XMX = Pattern.compile("-Xmx(\\d+)([kKmMgG]?)");
  private static final Pattern PERCENTAGE =
      Pattern.compile("-XX:MaxRAMPercentage=(\\d+(\\.\\d+)?)");

  private Memory() {}

  /** The heap the JVM of {@code workload} gets. */
  static long heapBytes(Workload workload) {
    String options = workload.given().get("JDK_JAVA_OPTIONS");
    if (options != null) {
      Matcher m = XMX.matcher(options);
      if (m.find()) {
        return Long.parseLong(m.group(1)) * unit(m.group(2));
      }
    }
    return (long) (workload.memoryLimitBytes() * imageRamPercentage() / 100);
  }

  /** The -XX:MaxRAMPercentage the image's entry point gives the JVM. */
  static double imageRamPercentage() {
    try {
      Matcher m = PERCENTAGE.matcher(Files.readString(DeployFiles.DOCKERFILE));
      assertThat(m.find()).as("the Dockerfile's entry point sets -XX:MaxRAMPercentage").isTrue();
      return Double.parseDouble(m.group(1));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the Dockerfile", e);
    }
  }

  private static long unit(String suffix) {
    return switch (suffix.toLowerCase()) {
      case "k" -> 1024L;
      case "m" -> 1024L * 1024;
      case "g" -> 1024L * 1024 * 1024;
      default -> 1L;
    };
  }
}
