package dev.trawl.runtime;

import dev.trawl.runtime.config.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Command-line options for reaching Kafka, shared by every role (a picocli mixin). */
public final class KafkaOptions {

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT,...",
      defaultValue = "${env:TRAWL_BOOTSTRAP_SERVERS:-localhost:9092}",
      description =
          "Kafka bootstrap servers (env TRAWL_BOOTSTRAP_SERVERS; default ${DEFAULT-VALUE}).")
  String bootstrapServers;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description =
          "Any Kafka client property, e.g. security.protocol=SSL; repeatable"
              + " (env TRAWL_KAFKA_<KEY>, e.g. TRAWL_KAFKA_SASL_MECHANISM).")
  Map<String, String> properties = new LinkedHashMap<>();

  /** The settings these options describe, with environment overrides applied. */
  public KafkaSettings settings() {
    Map<String, List<String>> given = new LinkedHashMap<>();
    given.put(KafkaSettings.BOOTSTRAP_SERVERS.key(), List.of(bootstrapServers));
    given.put(
        KafkaSettings.PROPERTIES.key(),
        properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    return new KafkaSettings(Config.resolve(KafkaSettings.SETTINGS, given, System.getenv()));
  }
}
