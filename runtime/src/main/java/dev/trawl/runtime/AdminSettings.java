package dev.trawl.runtime;

import dev.trawl.runtime.config.Config;
import dev.trawl.runtime.config.Setting;
import dev.trawl.runtime.config.ValueType;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/**
 * Where a process serves its admin endpoints ({@link AdminServer}).
 *
 * @param config values of {@link #SETTINGS}
 */
public record AdminSettings(Config config) {

  public static final Setting<Integer> PORT =
      Setting.of("admin.port", "--admin-port", ValueType.INT)
          .defaultValue(0)
          .atLeast(-1)
          .atMost(65535)
          .label("PORT")
          .doc(
              "Port of /health/live, /health/ready and /metrics; 0 picks a free one, -1 disables.");

  public static final Setting<String> HOST =
      Setting.of("admin.host", "--admin-host", ValueType.TEXT)
          .defaultValue("0.0.0.0")
          .notEmpty()
          .label("HOST")
          .doc("Address the admin endpoints bind to.");

  public static final List<Setting<?>> SETTINGS = List.of(PORT, HOST);

  public AdminSettings {
    config = config.select(SETTINGS);
  }

  /** Endpoints on {@code host:port}; port 0 picks a free one, -1 disables them. */
  public static AdminSettings of(String host, int port) {
    return new AdminSettings(Config.defaults(SETTINGS).with(HOST, host).with(PORT, port));
  }

  public int port() {
    return config.get(PORT);
  }

  public String host() {
    return config.get(HOST);
  }

  /** Starts the endpoints, or returns null when they are disabled (port -1). */
  public AdminServer start(Health health, PrometheusMeterRegistry registry) {
    return port() < 0 ? null : AdminServer.start(host(), port(), health, registry);
  }
}
