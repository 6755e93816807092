package dev.trawl.runtime;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka client settings shared by every Trawl process: the bootstrap servers plus any client
 * property (TLS, SASL, timeouts) given as {@code --kafka-property key=value} or as an environment
 * variable {@code TRAWL_KAFKA_<KEY>} ({@code TRAWL_KAFKA_SECURITY_PROTOCOL=SSL} sets {@code
 * security.protocol}). Explicit properties win over environment variables, which win over Trawl's
 * defaults.
 */
public final class KafkaSettings {

  static final String ENV_PREFIX = "TRAWL_KAFKA_";

  private final String bootstrapServers;
  private final Map<String, String> overrides;

  public KafkaSettings(String bootstrapServers, Map<String, String> overrides) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers must not be empty");
    }
    this.bootstrapServers = bootstrapServers;
    this.overrides = Map.copyOf(overrides);
  }

  /**
   * Settings for {@code bootstrapServers}, with overrides from {@code env} and then {@code cli}.
   */
  public static KafkaSettings of(
      String bootstrapServers, Map<String, String> env, Map<String, String> cli) {
    Map<String, String> merged = new HashMap<>(fromEnvironment(env));
    merged.putAll(cli);
    return new KafkaSettings(bootstrapServers, merged);
  }

  /** Client properties named by {@code TRAWL_KAFKA_*} variables in {@code env}. */
  static Map<String, String> fromEnvironment(Map<String, String> env) {
    Map<String, String> properties = new HashMap<>();
    env.forEach(
        (name, value) -> {
          if (name.startsWith(ENV_PREFIX) && name.length() > ENV_PREFIX.length()) {
            String key = name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT);
            properties.put(key.replace('_', '.'), value);
          }
        });
    return properties;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /** Properties for any client: bootstrap servers and the overrides. */
  public Map<String, Object> common() {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.putAll(overrides);
    return props;
  }

  /** A durable, ordered, batched producer: acks=all, idempotent, lz4. */
  public Map<String, Object> producer() {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    props.putAll(common());
    return props;
  }

  /** A consumer in {@code groupId} that commits by hand and reads only committed records. */
  public Map<String, Object> consumer(String groupId) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.putAll(common());
    return props;
  }

  /** An admin client. */
  public Map<String, Object> admin() {
    return common();
  }
}
