package dev.trawl.runtime;

import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How every Trawl process reaches Kafka, and the one rule for its client properties: Trawl's
 * defaults, then the role's tuning, then the user's properties ({@code --kafka-property KEY=VALUE}
 * or {@code TRAWL_KAFKA_<KEY>}), which always win. A user's property may be written plain ({@code
 * batch.size}) or for one client ({@code producer.batch.size}, as Kafka Streams spells it); either
 * form wins over Trawl's choice for that client.
 *
 * @param config values of {@link #SETTINGS}
 */
public record KafkaSettings(Config config) {

  /**
   * The codec of every Trawl producer and topic: topics created with the producers' codec store
   * their batches as they come instead of recompressing them.
   */
  public static final String COMPRESSION = "lz4";

  public static final Setting<String> BOOTSTRAP_SERVERS =
      Setting.of("bootstrap.servers", "--bootstrap-servers", ValueType.TEXT)
          .defaultValue("localhost:9092")
          .notEmpty()
          .label("HOST:PORT,...")
          .doc("Kafka bootstrap servers.");

  public static final Setting<Map<String, String>> PROPERTIES =
      Setting.of("kafka", "--kafka-property", ValueType.MAP)
          .envPrefix()
          .defaultValue(Map.of())
          .secret()
          .doc("Any Kafka client property, e.g. security.protocol=SSL; repeatable.");

  public static final List<Setting<?>> SETTINGS = List.of(BOOTSTRAP_SERVERS, PROPERTIES);

  /** Kafka Streams' prefix of its producers' properties; a plain producer takes them too. */
  public static final String PRODUCER_PREFIX = "producer.";

  /** Kafka Streams' prefix of its consumers' properties; a plain consumer takes them too. */
  public static final String CONSUMER_PREFIX = "consumer.";

  /** Kafka Streams' prefix of its admin client's properties; a plain admin takes them too. */
  public static final String ADMIN_PREFIX = "admin.";

  /**
   * Every client prefix Kafka Streams reads (StreamsConfig's, spelled out so that processes without
   * Streams need not depend on it), longest first.
   */
  private static final List<String> CLIENT_PREFIXES =
      List.of(
          "main.consumer.",
          "restore.consumer.",
          "global.consumer.",
          CONSUMER_PREFIX,
          PRODUCER_PREFIX,
          ADMIN_PREFIX);

  public KafkaSettings {
    config = config.select(SETTINGS);
  }

  /** Kafka at {@code bootstrapServers}, with no properties of the user's. */
  public static KafkaSettings of(String bootstrapServers) {
    return of(bootstrapServers, Map.of());
  }

  /** Kafka at {@code bootstrapServers} with the user's client {@code properties}. */
  public static KafkaSettings of(String bootstrapServers, Map<String, String> properties) {
    return new KafkaSettings(
        Config.defaults(SETTINGS)
            .with(BOOTSTRAP_SERVERS, bootstrapServers)
            .with(PROPERTIES, Map.copyOf(properties)));
  }

  public String bootstrapServers() {
    return config.get(BOOTSTRAP_SERVERS);
  }

  /** The user's client properties, as given. */
  public Map<String, String> properties() {
    return config.get(PROPERTIES);
  }

  /** True when the user set {@code key} for {@code clientPrefix}'s client, plain or prefixed. */
  public boolean userSets(String clientPrefix, String key) {
    return properties().containsKey(key) || properties().containsKey(clientPrefix + key);
  }

  /** Bootstrap servers and the user's properties that apply to every client. */
  public Map<String, Object> common() {
    return forClient("");
  }

  /** A durable, ordered, batched producer (acks=all, idempotent, lz4), then {@code tuning}. */
  public Map<String, Object> producer(Map<String, ?> tuning) {
    Map<String, Object> props = new HashMap<>();
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, COMPRESSION);
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
    props.putAll(tuning);
    props.putAll(forClient(PRODUCER_PREFIX));
    return props;
  }

  /** {@link #producer(Map)} without tuning. */
  public Map<String, Object> producer() {
    return producer(Map.of());
  }

  /**
   * A consumer in {@code groupId} that commits by hand and reads only committed records, then
   * {@code tuning}.
   */
  public Map<String, Object> consumer(String groupId, Map<String, ?> tuning) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    props.putAll(tuning);
    props.putAll(forClient(CONSUMER_PREFIX));
    return props;
  }

  /** {@link #consumer(String, Map)} without tuning. */
  public Map<String, Object> consumer(String groupId) {
    return consumer(groupId, Map.of());
  }

  /** An admin client, then {@code tuning}. */
  public Map<String, Object> admin(Map<String, ?> tuning) {
    Map<String, Object> props = new HashMap<>(tuning);
    props.putAll(forClient(ADMIN_PREFIX));
    return props;
  }

  /** {@link #admin(Map)} without tuning. */
  public Map<String, Object> admin() {
    return admin(Map.of());
  }

  /**
   * Kafka Streams properties: {@code tuning} (keys plain or prefixed for one client, as Streams
   * reads them), except where the user set the same property for that client in either form; then
   * the user's properties as given.
   */
  public Properties streams(Map<String, ?> tuning) {
    Properties props = new Properties();
    tuning.forEach(
        (key, value) -> {
          String prefix = clientPrefix(key);
          if (!userSets(prefix, key.substring(prefix.length()))) {
            props.put(key, value);
          }
        });
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    props.putAll(properties());
    return props;
  }

  /**
   * Bootstrap servers and the user's properties for one client: plain ones, and those written for
   * it ({@code producer.batch.size} as {@code batch.size}), which win; properties written for
   * another client are left out.
   */
  private Map<String, Object> forClient(String prefix) {
    Map<String, Object> props = new HashMap<>();
    props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
    properties()
        .forEach(
            (key, value) -> {
              if (clientPrefix(key).isEmpty()) {
                props.putIfAbsent(key, value);
              }
            });
    if (!prefix.isEmpty()) {
      properties()
          .forEach(
              (key, value) -> {
                if (clientPrefix(key).equals(prefix)) {
                  props.put(key.substring(prefix.length()), value);
                }
              });
    }
    return props;
  }

  private static String clientPrefix(String key) {
    for (String prefix : CLIENT_PREFIXES) {
      if (key.startsWith(prefix)) {
        return prefix;
      }
    }
    return "";
  }

  /** Bootstrap servers only: the user's properties may hold credentials. */
  @Override
  public String toString() {
    return "KafkaSettings[bootstrapServers=" + bootstrapServers() + "]";
  }
}
