package dev.trawl.producer;

import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import dev.trawl.schemas.Topics;
import java.time.Duration;
import java.util.List;

/**
 * Where and how a {@link UrlProducer} publishes, shared by {@code trawl produce} and {@code trawl
 * intake}: each setting is defined here once, and the command line, the environment and the
 * configuration reference read these definitions.
 *
 * @param config values of {@link #SETTINGS}; others it holds are left out
 */
public record PublishSettings(Config config) {

  public static final Setting<String> TOPIC =
      Setting.of("producer.topic", "--topic", ValueType.TEXT)
          .defaultValue(Topics.SEEDS.name())
          .notEmpty()
          .label("TOPIC")
          .doc("Topic the requests go to.");

  public static final Setting<Integer> MAX_URL_LENGTH =
      Setting.of("producer.max.url.length", "--max-url-length", ValueType.INT)
          .defaultValue(UrlValidator.DEFAULT_MAX_LENGTH)
          .atLeast(1)
          .label("CHARS")
          .doc("Longest URL accepted.");

  /** Kafka's client timeouts are ints of milliseconds, hence the upper bound. */
  public static final Setting<Duration> SEND_TIMEOUT =
      Setting.of("producer.send.timeout.ms", "--send-timeout-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(30))
          .atLeast(1)
          .atMost(Integer.MAX_VALUE)
          .doc("Longest wait for Kafka: to find the topic, to send, to be acknowledged.");

  public static final List<Setting<?>> SETTINGS = List.of(TOPIC, MAX_URL_LENGTH, SEND_TIMEOUT);

  /**
   * The smallest line limit: generous for any URL line, small enough that no input line can take
   * more memory than this.
   */
  public static final int MIN_LINE_BYTES = 64 * 1024;

  public PublishSettings {
    config = config.select(SETTINGS);
  }

  /** Every setting at its default. */
  public static PublishSettings defaults() {
    return new PublishSettings(Config.defaults(SETTINGS));
  }

  /** These settings with {@code setting} set to {@code value}, checked. */
  public <T> PublishSettings with(Setting<T> setting, T value) {
    return new PublishSettings(config.with(setting, value));
  }

  /** Where requests go. */
  public String topic() {
    return config.get(TOPIC);
  }

  /** The longest URL accepted, before and after normalisation. */
  public int maxUrlLength() {
    return config.get(MAX_URL_LENGTH);
  }

  /**
   * The longest input line read, in bytes: {@link #MIN_LINE_BYTES}, or twice the longest URL when
   * that is more. A URL that passes the length check after normalisation has at most as many bytes
   * as characters (non-ASCII characters are percent-encoded, three characters a byte), so twice
   * leaves room for surrounding whitespace; longer lines are refused without being kept whole.
   */
  public int maxLineBytes() {
    return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(MIN_LINE_BYTES, 2L * maxUrlLength()));
  }

  /** Bounds every wait on Kafka: the topic check, a blocked send, an acknowledgement. */
  public Duration sendTimeout() {
    return config.get(SEND_TIMEOUT);
  }
}
