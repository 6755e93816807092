package dev.trawl.runtime.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

class CommandOptionsTest {

  static final Setting<Boolean> ROBOTS =
      Setting.of("demo.robots", "--robots", ValueType.BOOLEAN)
          .defaultValue(true)
          .doc("Obey robots.txt.");

  static final List<Setting<?>> SETTINGS =
      List.of(ConfigTest.IN_FLIGHT, ConfigTest.TIMEOUT, ConfigTest.TYPES, ConfigTest.KAFKA, ROBOTS);

  @Command(name = "demo", modelTransformer = Demo.Options.class)
  static final class Demo implements Callable<Integer> {
    static final class Options extends CommandOptions {
      Options() {
        super(SETTINGS);
      }
    }

    @Spec CommandSpec spec;
    Map<String, String> env = Map.of();

    Config config() {
      return CommandOptions.read(spec, SETTINGS, env);
    }

    @Override
    public Integer call() {
      return 0;
    }
  }

  private static Config parse(Map<String, String> env, String... args) {
    Demo demo = new Demo();
    demo.env = env;
    new CommandLine(demo).parseArgs(args);
    return demo.config();
  }

  @Test
  void readsEveryKindOfOption() {
    Config config =
        parse(
            Map.of(),
            "--max-in-flight=7",
            "--timeout-ms",
            "150",
            "--type=a/b,c/d",
            "--type",
            "e/f",
            "--kafka-property=acks=1",
            "--kafka-property",
            "linger.ms=5",
            "--no-robots");

    assertThat(config.get(ConfigTest.IN_FLIGHT)).isEqualTo(7);
    assertThat(config.get(ConfigTest.TIMEOUT)).isEqualTo(Duration.ofMillis(150));
    assertThat(config.get(ConfigTest.TYPES)).containsExactly("a/b", "c/d", "e/f");
    assertThat(config.get(ConfigTest.KAFKA)).isEqualTo(Map.of("acks", "1", "linger.ms", "5"));
    assertThat(config.get(ROBOTS)).isFalse();
  }

  @Test
  void aFlagCanBeSetEitherWay() {
    Map<String, String> off = Map.of("TRAWL_DEMO_ROBOTS", "false");

    assertThat(parse(Map.of()).get(ROBOTS)).isTrue();
    assertThat(parse(off).get(ROBOTS)).isFalse();
    assertThat(parse(off, "--robots").get(ROBOTS)).isTrue();
    assertThat(parse(Map.of(), "--no-robots").get(ROBOTS)).isFalse();
  }

  @Test
  void anAbsentOptionFallsBackToTheEnvironmentThenTheDefault() {
    Config config = parse(Map.of("TRAWL_DEMO_TIMEOUT_MS", "99"));

    assertThat(config)
        .isEqualTo(Config.defaults(SETTINGS).with(ConfigTest.TIMEOUT, Duration.ofMillis(99)));
  }

  @Test
  void aBadValueIsAParameterErrorNamingTheOption() {
    assertThatThrownBy(() -> parse(Map.of(), "--max-in-flight=0"))
        .isInstanceOf(ParameterException.class)
        .hasMessage("--max-in-flight must be at least 1, was 0");
  }

  @Test
  void helpShowsTheDocumentationTheVariableAndTheDefault() {
    String usage = new CommandLine(new Demo()).setUsageHelpWidth(160).getUsageMessage();

    assertThat(usage)
        .contains("--max-in-flight=N")
        .contains("Requests in flight. (env TRAWL_DEMO_MAX_IN_FLIGHT; default 512)")
        .contains("(env TRAWL_KAFKA_<KEY>, dots as underscores)")
        .contains("--[no-]robots ")
        .doesNotContain("true|false");
  }

  @Test
  void theReferenceTableHasOneRowPerSettingByOption() {
    assertThat(SettingsTable.markdown(List.of(ConfigTest.TIMEOUT, ConfigTest.KAFKA)))
        .isEqualTo(
            """
            | option | environment variable | default | meaning |
            | --- | --- | --- | --- |
            | `--kafka-property` | `TRAWL_KAFKA_<KEY>` |  | Client properties. |
            | `--timeout-ms` | `TRAWL_DEMO_TIMEOUT_MS` | `30000` | Time of one fetch. |
            """);
  }
}
