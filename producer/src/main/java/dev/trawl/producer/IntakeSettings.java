package dev.trawl.producer;

import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the {@link IntakeServer} listens: each setting is defined here once, and the command line,
 * the environment and the configuration reference read these definitions.
 *
 * @param config values of {@link #SETTINGS}; others it holds are left out
 */
public record IntakeSettings(Config config) {

  public static final Setting<Integer> PORT =
      Setting.of("intake.port", "--port", ValueType.INT)
          .defaultValue(8088)
          .atLeast(0)
          .atMost(65_535)
          .label("PORT")
          .doc("Port of the intake; 0 picks a free one.");

  public static final Setting<String> HOST =
      Setting.of("intake.host", "--host", ValueType.TEXT)
          .defaultValue("127.0.0.1")
          .notEmpty()
          .label("HOST")
          .doc("Address the intake binds to; one other machines can reach needs --token.");

  /** A body is read into one array, whose length the JVM caps a few bytes below 2^31. */
  public static final Setting<Long> MAX_BODY_BYTES =
      Setting.of("intake.max.body.bytes", "--max-body-bytes", ValueType.LONG)
          .defaultValue(10L * 1024 * 1024)
          .atLeast(1)
          .atMost(Integer.MAX_VALUE - 8)
          .label("BYTES")
          .doc("Longer request bodies get 413.");

  public static final Setting<String> TOKEN =
      Setting.of("intake.token", "--token", ValueType.TEXT)
          .defaultText("none")
          .notEmpty()
          .secret()
          .label("TOKEN")
          .doc("When set, requests need Authorization: Bearer TOKEN.");

  /** Each request holds its thread until Kafka has acknowledged its records. */
  public static final Setting<Integer> THREADS =
      Setting.of("intake.threads", "--threads", ValueType.INT)
          .defaultValue(16)
          .atLeast(1)
          .doc("Requests handled at once.");

  public static final Setting<Integer> QUEUE =
      Setting.of("intake.queue", "--queue", ValueType.INT)
          .defaultValue(64)
          .atLeast(0)
          .label("REQUESTS")
          .doc(
              "Requests waiting for one of --threads; more, or one waiting longer than"
                  + " --read-timeout-ms, get 503 with Retry-After.");

  public static final Setting<Duration> READ_TIMEOUT =
      Setting.of("intake.read.timeout.ms", "--read-timeout-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(30))
          .atLeast(1)
          .atMost(Integer.MAX_VALUE)
          .doc(
              "A connection sending nothing for this long is closed; a request body that stalls"
                  + " gets 408.");

  public static final List<Setting<?>> SETTINGS =
      List.of(PORT, HOST, MAX_BODY_BYTES, TOKEN, THREADS, QUEUE, READ_TIMEOUT);

  /**
   * Checks that an intake other machines can reach asks for a token.
   *
   * @throws IllegalArgumentException when the host is not a loopback address and no token is set
   */
  public IntakeSettings {
    config = config.select(SETTINGS);
    if (config.get(TOKEN) == null && !isLoopback(config.get(HOST))) {
      throw new IllegalArgumentException(
          "--host "
              + config.get(HOST)
              + " serves other machines: give --token (or TRAWL_INTAKE_TOKEN) too, or bind to"
              + " 127.0.0.1");
    }
  }

  /** Every setting at its default. */
  public static IntakeSettings defaults() {
    return new IntakeSettings(Config.defaults(SETTINGS));
  }

  /** These settings with {@code setting} set to {@code value}, checked. */
  public <T> IntakeSettings with(Setting<T> setting, T value) {
    return new IntakeSettings(config.with(setting, value));
  }

  /** Port to bind; 0 picks a free one. */
  public int port() {
    return config.get(PORT);
  }

  /** Address to bind. */
  public String host() {
    return config.get(HOST);
  }

  /** Longer bodies get 413. */
  public long maxBodyBytes() {
    return config.get(MAX_BODY_BYTES);
  }

  /** When present, every request needs {@code Authorization: Bearer TOKEN}. */
  public Optional<String> token() {
    return Optional.ofNullable(config.get(TOKEN));
  }

  /** Requests handled at once; more wait in the queue. */
  public int threads() {
    return config.get(THREADS);
  }

  /** Requests waiting for a thread; more get 503. */
  public int queue() {
    return config.get(QUEUE);
  }

  /** How long a connection may send nothing. */
  public Duration readTimeout() {
    return config.get(READ_TIMEOUT);
  }

  /** True for loopback addresses and names; false for others and for names that do not resolve. */
  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
