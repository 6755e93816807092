package dev.trawl.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  static final Setting<Integer> IN_FLIGHT =
      Setting.of("demo.max.in.flight", "--max-in-flight", ValueType.INT)
          .defaultValue(512)
          .atLeast(1)
          .doc("Requests in flight.");
  static final Setting<Duration> TIMEOUT =
      Setting.of("demo.timeout.ms", "--timeout-ms", ValueType.MILLIS)
          .defaultValue(Duration.ofSeconds(30))
          .atLeast(1)
          .doc("Time of one fetch.");
  static final Setting<String> AGENT =
      Setting.of("demo.user.agent", "--user-agent", ValueType.TEXT)
          .defaultValue("trawl")
          .notEmpty()
          .doc("User-Agent.");
  static final Setting<String> TOKEN =
      Setting.of("demo.token", "--token", ValueType.TEXT).notEmpty().secret().doc("A secret.");
  static final Setting<List<String>> TYPES =
      Setting.of("demo.types", "--type", ValueType.LIST)
          .defaultValue(List.of("text/html"))
          .doc("Types.");
  static final Setting<Map<String, String>> KAFKA =
      Setting.of("kafka", "--kafka-property", ValueType.MAP)
          .envPrefix()
          .defaultValue(Map.of())
          .doc("Client properties.");

  static final List<Setting<?>> ALL = List.of(IN_FLIGHT, TIMEOUT, AGENT, TOKEN, TYPES, KAFKA);

  @Test
  void defaultsAreTheDefinitionsDefaultsAndNullWhereThereIsNone() {
    Config config = Config.defaults(ALL);

    assertThat(config.get(IN_FLIGHT)).isEqualTo(512);
    assertThat(config.get(TIMEOUT)).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.get(TOKEN)).isNull();
    assertThat(config.get(TYPES)).containsExactly("text/html");
    assertThat(config.get(KAFKA)).isEmpty();
  }

  @Test
  void theCommandLineWinsOverTheEnvironmentWhichWinsOverTheDefault() {
    Map<String, String> env =
        Map.of(
            "TRAWL_DEMO_MAX_IN_FLIGHT", "64",
            "TRAWL_DEMO_TIMEOUT_MS", "250",
            "TRAWL_DEMO_TYPES", "text/html, text/plain,,");
    Config config = Config.resolve(ALL, Map.of("demo.max.in.flight", List.of("8")), env);

    assertThat(config.get(IN_FLIGHT)).isEqualTo(8);
    assertThat(config.get(TIMEOUT)).isEqualTo(Duration.ofMillis(250));
    assertThat(config.get(AGENT)).isEqualTo("trawl");
    assertThat(config.get(TYPES)).containsExactly("text/html", "text/plain");
  }

  @Test
  void aPrefixedMapTakesOneEntryPerVariableAndTheCommandLineWinsPerKey() {
    Map<String, String> env =
        Map.of(
            "TRAWL_KAFKA_SECURITY_PROTOCOL", "SASL_SSL",
            "TRAWL_KAFKA_ACKS", "1",
            "TRAWL_KAFKA_", "no key: ignored",
            "PATH", "/bin");
    Config config =
        Config.resolve(
            ALL,
            Map.of("kafka", List.of("acks=all", "ssl.enabled.protocols=TLSv1.2,TLSv1.3")),
            env);

    assertThat(config.get(KAFKA))
        .isEqualTo(
            Map.of(
                "security.protocol", "SASL_SSL",
                "acks", "all",
                "ssl.enabled.protocols", "TLSv1.2,TLSv1.3"));
  }

  @Test
  void badValuesNameTheOptionTheProblemAndWhereTheValueCameFrom() {
    assertThatThrownBy(
            () -> Config.resolve(ALL, Map.of("demo.max.in.flight", List.of("0")), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--max-in-flight must be at least 1, was 0");
    assertThatThrownBy(
            () -> Config.resolve(ALL, Map.of(), Map.of("TRAWL_DEMO_MAX_IN_FLIGHT", "lots")))
        .hasMessage(
            "--max-in-flight: 'lots' is not a whole number (from TRAWL_DEMO_MAX_IN_FLIGHT)");
    assertThatThrownBy(() -> Config.defaults(ALL).with(AGENT, " "))
        .hasMessage("--user-agent must not be empty, was ' '");
    assertThatThrownBy(() -> Config.resolve(ALL, Map.of("kafka", List.of("=x")), Map.of()))
        .hasMessage("--kafka-property: '=x' is not KEY=VALUE with a non-empty KEY");
  }

  @Test
  void secretsAreNeverShown() {
    Config config = Config.defaults(ALL).with(TOKEN, "s3cret");

    assertThat(config.toString()).contains("demo.token=(hidden)").doesNotContain("s3cret");
    assertThatThrownBy(() -> config.with(TOKEN, ""))
        .hasMessage("--token must not be empty, was (hidden)");
  }

  @Test
  void withChangesOneSettingAndChecksIt() {
    Config config = Config.defaults(ALL);

    assertThat(config.with(IN_FLIGHT, 3).get(IN_FLIGHT)).isEqualTo(3);
    assertThat(config.with(IN_FLIGHT, 3)).isNotEqualTo(config);
    assertThat(config.with(IN_FLIGHT, 512)).isEqualTo(config);
    assertThatThrownBy(() -> config.with(IN_FLIGHT, -1))
        .hasMessage("--max-in-flight must be at least 1, was -1");
  }

  @Test
  void refusesSettingsItDoesNotHold() {
    Setting<Integer> other = Setting.of("demo.other", "--other", ValueType.INT);

    assertThatThrownBy(() -> Config.defaults(ALL).get(other))
        .hasMessage("not a setting of this config: demo.other");
  }

  @Test
  void refusesTwoDefinitionsOfOneKeyOrOneOption() {
    Setting<Integer> sameKey = Setting.of("demo.max.in.flight", "--limit", ValueType.INT);
    Setting<Integer> sameOption = Setting.of("demo.limit", "--max-in-flight", ValueType.INT);

    assertThatThrownBy(() -> Config.defaults(List.of(IN_FLIGHT, sameKey)))
        .hasMessage("two settings have the key demo.max.in.flight");
    assertThatThrownBy(() -> Config.defaults(List.of(IN_FLIGHT, sameOption)))
        .hasMessage("demo.limit and demo.max.in.flight share the option --max-in-flight");
  }

  @Test
  void aDefaultThatFailsItsOwnCheckIsADefinitionError() {
    Setting<Integer> broken =
        Setting.of("demo.broken", "--broken", ValueType.INT).defaultValue(0).atLeast(1);

    assertThatThrownBy(() -> Config.defaults(List.of(broken)))
        .hasMessage("--broken must be at least 1, was 0");
  }

  @Test
  void environmentVariablesFollowTheKey() {
    assertThat(IN_FLIGHT.env()).isEqualTo("TRAWL_DEMO_MAX_IN_FLIGHT");
    assertThat(KAFKA.env()).isEqualTo("TRAWL_KAFKA_");
  }

  @Test
  void aSelectionKeepsOnlyTheWantedSettingsSoThatViewsOfTheSameValuesAreEqual() {
    Config wide = Config.defaults(ALL).with(AGENT, "x");
    Config narrow = Config.defaults(List.of(IN_FLIGHT, TIMEOUT));

    assertThat(wide.select(List.of(IN_FLIGHT, TIMEOUT))).isEqualTo(narrow);
    assertThat(wide.select(List.of(AGENT)).get(AGENT)).isEqualTo("x");
    assertThatThrownBy(() -> narrow.select(List.of(AGENT)))
        .hasMessage("not a setting of this config: demo.user.agent");
  }

  @Test
  void aRequiredSettingMustBeGivenOnTheCommandLineOrInTheEnvironment() {
    Setting<String> urls =
        Setting.of("demo.urls", "--urls", ValueType.TEXT).required().doc("The list.");

    assertThat(
            Config.resolve(List.of(urls), Map.of(), Map.of("TRAWL_DEMO_URLS", "u.txt")).get(urls))
        .isEqualTo("u.txt");
    assertThatThrownBy(() -> Config.resolve(List.of(urls), Map.of(), Map.of()))
        .hasMessage("--urls is required (or TRAWL_DEMO_URLS)");
  }

  @Test
  void aMapFromOneEnvironmentVariableTakesItsEntriesSeparatedByCommas() {
    Setting<Map<String, String>> metadata =
        Setting.of("demo.metadata", "--metadata", ValueType.MAP).defaultValue(Map.of());

    assertThat(
            Config.resolve(List.of(metadata), Map.of(), Map.of("TRAWL_DEMO_METADATA", "k=v,k2=v2"))
                .get(metadata))
        .isEqualTo(Map.of("k", "v", "k2", "v2"));
  }

  @Test
  void aSettingWithAnotherDefaultIsTheSameSetting() {
    Setting<Integer> localInFlight = IN_FLIGHT.defaultValue(256);

    Config local = Config.defaults(List.of(localInFlight, TIMEOUT));

    assertThat(local.get(IN_FLIGHT)).isEqualTo(256);
    assertThat(local.select(List.of(IN_FLIGHT)).get(IN_FLIGHT)).isEqualTo(256);
    assertThat(local.with(IN_FLIGHT, 8).get(localInFlight)).isEqualTo(8);
  }
}
