package dev.trawl.producer.internal;

import dev.trawl.runtime.KafkaSettings;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka client properties for the producer: {@link KafkaSettings}' durable producer, with every
 * wait bounded by one send timeout. Properties given by the user still win.
 */
public final class ClientConfigs {

  private static final int DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

  private ClientConfigs() {}

  /**
   * A producer whose {@code send} blocks at most {@code timeout} (max.block.ms) and whose records
   * are acknowledged or failed within it (delivery.timeout.ms, which Kafka requires to be at least
   * linger.ms + request.timeout.ms).
   */
  public static Map<String, Object> producer(KafkaSettings settings, Duration timeout) {
    Map<String, Object> props = settings.producer();
    int timeoutMs = Math.toIntExact(timeout.toMillis());
    int requestTimeoutMs = Math.min(DEFAULT_REQUEST_TIMEOUT_MS, Math.max(1, timeoutMs / 2));
    int lingerMs = Integer.parseInt(props.get(ProducerConfig.LINGER_MS_CONFIG).toString());
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "trawl-producer");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs);
    props.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
        Math.max(timeoutMs, requestTimeoutMs + lingerMs));
    props.putAll(settings.common());
    return props;
  }

  /** An admin client whose calls give up after {@code timeout}. */
  public static Map<String, Object> admin(KafkaSettings settings, Duration timeout) {
    Map<String, Object> props = settings.admin();
    int timeoutMs = Math.toIntExact(timeout.toMillis());
    props.put(CommonClientConfigs.CLIENT_ID_CONFIG, "trawl-producer-admin");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
    props.put(
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
        Math.min(DEFAULT_REQUEST_TIMEOUT_MS, timeoutMs));
    props.putAll(settings.common());
    return props;
  }
}
