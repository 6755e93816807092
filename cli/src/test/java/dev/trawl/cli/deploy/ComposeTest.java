package dev.trawl.cli.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.trawl.runtime.PageLimits;
import dev.trawl.schemas.Topic;
import dev.trawl.schemas.Topics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml is valid for Docker Compose, runs a broker no older than Trawl's Kafka
 * clients, creates the code's topics with their configs and retention, and gives each worker only
 * variables it reads, a health check on its admin port and memory for heap and RocksDB.
 */
class ComposeTest {

  private static final YAMLMapper YAML = new YAMLMapper();

  @Test
  void dockerComposeAcceptsTheFile() {
    List<String> command = new ArrayList<>();
    Optional<String> v1 = Kustomize.onPath("docker-compose");
    Optional<String> docker = Kustomize.onPath("docker");
    if (v1.isPresent()) {
      command.add(v1.get());
    } else if (docker.isPresent() && composePlugin(docker.get())) {
      command.addAll(List.of(docker.get(), "compose"));
    } else {
      DeployFiles.missing("docker-compose");
    }
    command.addAll(List.of("-f", DeployFiles.COMPOSE_FILE.toString(), "config", "--quiet"));
    Kustomize.run(command);
  }

  @Test
  void theBrokerIsNoOlderThanTheClientsAndCreatesNoTopicItself() throws IOException {
    JsonNode services = services();
    String image = services.at("/kafka/image").asText();
    assertThat(image).startsWith("apache/kafka:");
    assertThat(services.at("/topic-init/image").asText()).isEqualTo(image);
    assertThat(version(image.substring(image.indexOf(':') + 1)))
        .as("broker %s against clients %s", image, clientsVersion())
        .isGreaterThanOrEqualTo(version(clientsVersion()));
    JsonNode kafka = services.at("/kafka/environment");
    assertThat(kafka.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText()).isEqualTo("false");
    assertThat(kafka.get("KAFKA_MESSAGE_MAX_BYTES").asInt())
        .isGreaterThanOrEqualTo(PageLimits.maxMessageBytes(contentLimit(services)));
  }

  @Test
  void topicInitCreatesTheCodesTopicsWithTheirConfigsAndRetention() throws IOException {
    JsonNode services = services();
    int contentLimit = contentLimit(services);
    Map<String, Map<String, String>> topics = new LinkedHashMap<>();
    for (String spec : services.at("/topic-init/environment/TOPICS").asText().split("\\s+")) {
      Map<String, String> configs = new LinkedHashMap<>();
      for (String config : (spec + ":").split(":")[1].split(",")) {
        configs.put(config.split("=")[0], config.split("=")[1]);
      }
      topics.put(spec.split(":")[0], configs);
    }
    Map<String, Topic<String, ?>> expected = new HashMap<>(KafkaTest.ANNOUNCED);
    Topics.all().forEach(topic -> expected.put(topic.name(), topic));
    assertThat(topics.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
    long pagesRetention =
        Long.parseLong(topics.get(Topics.PAGES.name()).get(TopicConfig.RETENTION_MS_CONFIG));
    topics.forEach(
        (name, configs) -> {
          assertThat(configs)
              .as(name)
              .containsAllEntriesOf(KafkaTest.codeConfigs(expected.get(name), contentLimit));
          if (!configs.getOrDefault("cleanup.policy", "delete").contains("compact")) {
            assertThat(Long.parseLong(configs.get(TopicConfig.RETENTION_MS_CONFIG)))
                .as(name + " retention")
                .isGreaterThanOrEqualTo(pagesRetention);
          }
        });
  }

  @Test
  void workersGetOnlyTheirOptionsAHealthCheckAGraceAndMemoryForHeapAndRocksDb() throws IOException {
    JsonNode services = services();
    for (String name : List.of("process-worker", "fetch-worker", "producer")) {
      JsonNode service = services.get(name);
      String command = service.at("/command/0").asText();
      Map<String, String> given = toMap(service.get("environment"));
      assertThat(given.keySet())
          .as("docker-compose.yml " + name)
          .allMatch(v -> Commands.reads(command, v) || Commands.PLATFORM_VARIABLES.contains(v));
      assertThat(service.at("/depends_on/topic-init/condition").asText())
          .isEqualTo("service_completed_successfully");
      if (command.endsWith("-worker")) {
        Map<String, String> env = Commands.withDefaults(command, given);
        String check = String.join(" ", texts(service.at("/healthcheck/test")));
        assertThat(check)
            .contains("/dev/tcp/127.0.0.1/" + env.get("TRAWL_ADMIN_PORT"))
            .contains("GET /health/ready");
        String prefix = command.equals("fetch-worker") ? "TRAWL_FETCHER" : "TRAWL_PROCESS";
        long grace = Long.parseLong(env.get(prefix + "_SHUTDOWN_GRACE_MS")) / 1000;
        assertThat(Long.parseLong(service.get("stop_grace_period").asText().replace("s", "")))
            .isGreaterThan(grace);
      }
    }
    JsonNode process = services.get("process-worker");
    Map<String, String> env =
        Commands.withDefaults("process-worker", toMap(process.get("environment")));
    long limit = bytes(process.at("/deploy/resources/limits/memory").asText());
    long heap = bytes(env.get("JDK_JAVA_OPTIONS").replace("-Xmx", ""));
    assertThat(limit)
        .isGreaterThanOrEqualTo(
            heap
                + Long.parseLong(env.get("TRAWL_PROCESS_ROCKSDB_MEMORY_BYTES"))
                + Memory.HEADROOM_BYTES);
    assertThat(texts(process.get("volumes")))
        .anyMatch(volume -> volume.endsWith(":" + env.get("TRAWL_PROCESS_STATE_DIR")));
  }

  private static boolean composePlugin(String docker) {
    try {
      Process p =
          new ProcessBuilder(docker, "compose", "version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static int contentLimit(JsonNode services) {
    String fetch =
        services.at("/fetch-worker/environment/TRAWL_FETCHER_CONTENT_LIMIT_BYTES").asText();
    assertThat(
            services.at("/process-worker/environment/TRAWL_FETCHER_CONTENT_LIMIT_BYTES").asText())
        .isEqualTo(fetch);
    return Integer.parseInt(fetch);
  }

  /** The version of the Kafka clients on the class path, as their jar states it. */
  private static String clientsVersion() throws IOException {
    java.util.Properties version = new java.util.Properties();
    try (var in = ProducerConfig.class.getResourceAsStream("/kafka/kafka-version.properties")) {
      version.load(in);
    }
    return version.getProperty("version");
  }

  /** A version as a comparable number: 4.4.0 is 4004000. */
  private static long version(String text) {
    String[] parts = text.split("[.-]");
    return Long.parseLong(parts[0]) * 1_000_000
        + Long.parseLong(parts[1]) * 1_000
        + Long.parseLong(parts[2]);
  }

  private static long bytes(String size) {
    String s = size.toLowerCase();
    long unit =
        s.endsWith("g") ? 1L << 30 : s.endsWith("m") ? 1L << 20 : s.endsWith("k") ? 1L << 10 : 1;
    return Long.parseLong(unit == 1 ? s : s.substring(0, s.length() - 1)) * unit;
  }

  private static JsonNode services() throws IOException {
    return YAML.readTree(DeployFiles.COMPOSE_FILE.toFile()).get("services");
  }

  private static Map<String, String> toMap(JsonNode object) {
    Map<String, String> map = new LinkedHashMap<>();
    object.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }
}
