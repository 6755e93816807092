package dev.trawl.producer.internal;

import dev.trawl.runtime.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigException;

/**
 * The producer's tuning of its Kafka clients: every wait bounded by one send timeout. Applied
 * through {@link KafkaSettings}' rule, so properties the user gives still win.
 */
public final class ClientConfigs {

  /** Kafka's own default request timeout, the longest one the clients are given. */
  private static final int MAX_REQUEST_TIMEOUT_MS = 30_000;

  private ClientConfigs() {}

  /**
   * A producer whose {@code send} blocks at most {@code timeout} (max.block.ms) and whose records
   * are acknowledged or failed within it (delivery.timeout.ms); a request may take half of it (at
   * most 30 s), so one that times out is retried at least once. Kafka refuses a delivery.timeout.ms
   * below linger.ms + request.timeout.ms, so that sum is taken from the values the producer will
   * use, the user's included.
   */
  public static Map<String, Object> producer(KafkaSettings kafka, Duration timeout) {
    int timeoutMs = Math.toIntExact(timeout.toMillis());
    Map<String, Object> bounded =
        Map.of(
            CommonClientConfigs.CLIENT_ID_CONFIG,
            "trawl-producer",
            ProducerConfig.MAX_BLOCK_MS_CONFIG,
            timeoutMs,
            ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG,
            Math.min(MAX_REQUEST_TIMEOUT_MS, Math.max(1, timeoutMs / 2)));
    Map<String, Object> props = kafka.producer(bounded);
    long minDelivery =
        millis(props, ProducerConfig.LINGER_MS_CONFIG)
            + millis(props, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG);
    Map<String, Object> tuning = new HashMap<>(bounded);
    tuning.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        (int) Math.min(Integer.MAX_VALUE, Math.max(timeoutMs, minDelivery)));
    return kafka.producer(tuning);
  }

  /** An admin client whose calls give up after {@code timeout}. */
  public static Map<String, Object> admin(KafkaSettings kafka, Duration timeout) {
    int timeoutMs = Math.toIntExact(timeout.toMillis());
    return kafka.admin(
        Map.of(
            CommonClientConfigs.CLIENT_ID_CONFIG,
            "trawl-producer-admin",
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            timeoutMs,
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            Math.min(MAX_REQUEST_TIMEOUT_MS, timeoutMs)));
  }

  /**
   * A duration property as the producer will read it: Trawl's number or the user's text.
   *
   * @throws ConfigException when the user's text is not a whole number
   */
  private static long millis(Map<String, Object> props, String key) {
    Object value = props.get(key);
    try {
      return Long.parseLong(value.toString().strip());
    } catch (NumberFormatException e) {
      throw new ConfigException(key, value, "not a whole number of milliseconds");
    }
  }
}
