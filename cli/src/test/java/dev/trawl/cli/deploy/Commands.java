package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trawl.cli.Roles;
import dev.trawl.runtime.config.Setting;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/** The environment variables each trawl command reads, from the roles' setting definitions. */
final class Commands {

  /**
   * Variables a container may set besides Trawl's options: the java launcher's options (the image's
   * entry point is java) and glibc's arena count (RocksDB's native memory).
   */
  static final Set<String> PLATFORM_VARIABLES = Set.of("JDK_JAVA_OPTIONS", "MALLOC_ARENA_MAX");

  /** Each command's variables with their defaults (null when there is none). */
  private static final Map<String, Map<String, String>> ENV = environment();

  private Commands() {}

  /** The commands that run as processes of their own: produce, intake, fetch-worker, ... */
  static Set<String> all() {
    return ENV.keySet();
  }

  /** Whether {@code command} reads {@code variable}: an option's, or a Kafka client property's. */
  static boolean reads(String command, String variable) {
    assertThat(ENV).as("trawl command").containsKey(command);
    return ENV.get(command).containsKey(variable) || isKafkaProperty(variable);
  }

  /** Whether any command reads {@code variable}. */
  static boolean anyReads(String variable) {
    return ENV.keySet().stream().anyMatch(command -> reads(command, variable));
  }

  /** The given variables over the command's defaults. */
  static Map<String, String> withDefaults(String command, Map<String, String> given) {
    Map<String, String> env = new HashMap<>(ENV.get(command));
    env.values().removeIf(Objects::isNull);
    env.putAll(given);
    return env;
  }

  /**
   * A TRAWL_KAFKA_&lt;KEY&gt; variable whose key is a Kafka client or Kafka Streams property, or a
   * Streams client tag (client.tag.&lt;name&gt;).
   */
  static boolean isKafkaProperty(String variable) {
    if (!variable.startsWith("TRAWL_KAFKA_")) {
      return false;
    }
    String key = variable.substring("TRAWL_KAFKA_".length()).toLowerCase().replace('_', '.');
    return ProducerConfig.configNames().contains(key)
        || ConsumerConfig.configNames().contains(key)
        || AdminClientConfig.configNames().contains(key)
        || StreamsConfig.configDef().names().contains(key)
        || (key.startsWith(StreamsConfig.CLIENT_TAG_PREFIX)
            && key.length() > StreamsConfig.CLIENT_TAG_PREFIX.length());
  }

  private static Map<String, Map<String, String>> environment() {
    Map<String, Map<String, String>> commands = new HashMap<>();
    Roles.settings().forEach((role, settings) -> commands.put(role, variables(settings)));
    return commands;
  }

  private static Map<String, String> variables(List<Setting<?>> settings) {
    Map<String, String> env = new HashMap<>();
    settings.stream()
        .filter(setting -> !setting.takesEnvPrefix())
        .forEach(setting -> env.put(setting.env(), formattedDefault(setting)));
    return env;
  }

  private static <T> String formattedDefault(Setting<T> setting) {
    T value = setting.defaultValue();
    return value == null ? null : setting.type().format(value);
  }
}
