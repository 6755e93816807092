package dev.trawl.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.trawl.runtime.PageLimits;
import dev.trawl.runtime.TopicSetup;
import dev.trawl.runtime.config.Setting;
import dev.trawl.schemas.Topic;
import dev.trawl.schemas.Topics;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Checks the deployment files (docker-compose.yml, k8s/) offline against the code: every TRAWL_*
 * variable names an option of the command it is given to (or a Kafka client property), probes and
 * health checks hit the admin port, topics have the names and configs of {@link Topics} and {@link
 * TopicSetup}, and autoscalers never scale past the partitions. Kubernetes overlays are rendered
 * with {@code kubectl kustomize} where kubectl is installed; elsewhere those checks are skipped.
 */
class DeploymentManifestsTest {

  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Pattern TRAWL_VARIABLE = Pattern.compile("TRAWL_[A-Z0-9_]*[A-Z0-9]");
  private static final List<String> WORKERS = List.of("fetch-worker", "process-worker");
  private static final String GRACE_SUFFIX = "_SHUTDOWN_GRACE_MS";
  private static final String CONTENT_LIMIT = "TRAWL_FETCHER_CONTENT_LIMIT_BYTES";

  /** Each command's environment variables with their defaults (null when there is none). */
  private static final Map<String, Map<String, String>> COMMAND_ENV = commandEnvironment();

  /** Rendered kustomizations, by folder: each is rendered once for all the tests. */
  private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

  /** A container of a workload, by the trawl command it runs, with its effective environment. */
  private record Workload(
      JsonNode resource, JsonNode pod, JsonNode container, Map<String, String> env) {

    String get(String variable) {
      return env.get(variable);
    }
  }

  @Test
  void everyTrawlVariableInTheDeploymentFilesNamesAnOptionOrAKafkaProperty() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("docker-compose.yml")));
    try (Stream<Path> k8s = Files.walk(ROOT.resolve("k8s"))) {
      k8s.filter(file -> file.toString().endsWith(".yaml")).forEach(files::add);
    }
    List<String> unknown = new ArrayList<>();
    for (Path file : files) {
      Matcher m = TRAWL_VARIABLE.matcher(Files.readString(file));
      while (m.find()) {
        boolean known = COMMAND_ENV.values().stream().anyMatch(env -> env.containsKey(m.group()));
        // TRAWL_KAFKA alone is the prefix, as in the comment "TRAWL_KAFKA_<KEY>".
        if (!known && !isKafkaProperty(m.group()) && !m.group().equals("TRAWL_KAFKA")) {
          unknown.add(ROOT.relativize(file) + ": " + m.group());
        }
      }
    }
    assertThat(unknown).isEmpty();
  }

  @Test
  void composeRunsKafkaItsTopicsAndScalableWorkersWithHealthChecks() throws IOException {
    JsonNode services = YAML.readTree(ROOT.resolve("docker-compose.yml").toFile()).get("services");
    assertThat(services.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "kafka", "topic-init", "process-worker", "fetch-worker", "producer");
    assertThat(services.at("/topic-init/depends_on/kafka/condition").asText())
        .isEqualTo("service_healthy");
    assertThat(services.at("/fetch-worker/container_name").isMissingNode()).isTrue();
    assertThat(services.at("/fetch-worker/ports").isMissingNode()).isTrue();

    Map<String, Map<String, String>> envs = new HashMap<>();
    for (String name : List.of("process-worker", "fetch-worker", "producer")) {
      JsonNode service = services.get(name);
      assertThat(service.at("/depends_on/topic-init/condition").asText())
          .as(name)
          .isEqualTo("service_completed_successfully");
      String command = service.at("/command/0").asText();
      Map<String, String> given = toMap(service.get("environment"));
      assertOptionsOf(command, given.keySet(), "docker-compose.yml " + name);
      Map<String, String> env = withDefaults(command, given);
      envs.put(command, env);
      if (WORKERS.contains(command)) {
        String ready = "http://127.0.0.1:" + env.get("TRAWL_ADMIN_PORT") + "/health/ready";
        assertThat(texts(service.at("/healthcheck/test"))).as(name).contains(ready);
        assertThat(service.get("stop_grace_period").asText()).matches("\\d+s");
        assertThat(service.get("stop_grace_period").asText().replace("s", ""))
            .asLong()
            .isGreaterThan(graceSeconds(command, env));
      }
    }
    Map<String, String> processEnv = envs.get("process-worker");
    assertThat(texts(services.at("/process-worker/volumes")))
        .anyMatch(volume -> volume.endsWith(":" + processEnv.get("TRAWL_PROCESS_STATE_DIR")));
    int contentLimit = contentLimit(envs.get("fetch-worker"), processEnv);

    JsonNode kafka = services.at("/kafka/environment");
    assertThat(kafka.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText()).isEqualTo("false");
    assertThat(kafka.get("KAFKA_MESSAGE_MAX_BYTES").asInt())
        .isGreaterThanOrEqualTo(PageLimits.maxMessageBytes(contentLimit));
    Map<String, Map<String, String>> topics = new LinkedHashMap<>();
    for (String spec : services.at("/topic-init/environment/TOPICS").asText().split("\\s+")) {
      Map<String, String> configs = new LinkedHashMap<>();
      for (String config : (spec + ":").split(":")[1].split(",")) {
        configs.put(config.split("=")[0], config.split("=")[1]);
      }
      topics.put(spec.split(":")[0], configs);
    }
    assertTopicsMatchTheCode(topics, contentLimit);
  }

  @Test
  void kubernetesBaseTopicsMatchTheCodeWithoutRendering() throws IOException {
    List<JsonNode> docs = readAll(Files.readString(ROOT.resolve("k8s/base/topics.yaml")));
    int contentLimit = Integer.parseInt(withDefaults("fetch-worker", Map.of()).get(CONTENT_LIMIT));
    assertTopicsMatchTheCode(kafkaTopics(docs), contentLimit);
  }

  @ParameterizedTest
  @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
  void workloadsRunTrawlCommandsAsNonRootWithProbesOnTheAdminPort(String dir) throws Exception {
    List<JsonNode> docs = rendered(dir);
    Map<String, Workload> workloads = workloads(docs, dir);
    assertThat(workloads.keySet())
        .containsExactlyInAnyOrder("produce", "fetch-worker", "process-worker");
    for (Workload workload : workloads.values()) {
      assertThat(workload.pod().at("/securityContext/runAsNonRoot").asBoolean()).isTrue();
      JsonNode security = workload.container().get("securityContext");
      assertThat(security.get("readOnlyRootFilesystem").asBoolean()).isTrue();
      assertThat(security.get("allowPrivilegeEscalation").asBoolean()).isFalse();
      assertThat(emptyDirMounts(workload)).contains("/tmp");
    }
    for (String command : WORKERS) {
      Workload worker = workloads.get(command);
      int adminPort = Integer.parseInt(worker.get("TRAWL_ADMIN_PORT"));
      assertThat(probe(worker.container(), "livenessProbe")).isEqualTo("/health/live:" + adminPort);
      assertThat(probe(worker.container(), "readinessProbe"))
          .isEqualTo("/health/ready:" + adminPort);
      assertThat(
              worker
                  .resource()
                  .at("/spec/template/metadata/annotations/prometheus.io~1port")
                  .asText())
          .isEqualTo(String.valueOf(adminPort));
      assertThat(worker.pod().get("terminationGracePeriodSeconds").asLong())
          .isGreaterThan(graceSeconds(command, worker.env()));
      assertThat(byKind(docs, "PodDisruptionBudget"))
          .extracting(pdb -> pdb.at("/spec/selector/matchLabels/app.kubernetes.io~1name").asText())
          .contains(name(worker.resource()));
    }
    Workload process = workloads.get("process-worker");
    assertThat(process.resource().get("kind").asText()).isEqualTo("StatefulSet");
    String claim = process.resource().at("/spec/volumeClaimTemplates/0/metadata/name").asText();
    assertThat(process.container().get("volumeMounts"))
        .anySatisfy(
            mount ->
                assertThat(mount.get("name").asText() + ":" + mount.get("mountPath").asText())
                    .isEqualTo(claim + ":" + process.get("TRAWL_PROCESS_STATE_DIR")));
    assertThat(process.get("TRAWL_PROCESS_THREADS"))
        .as("one stream thread per requested CPU")
        .isEqualTo(process.container().at("/resources/requests/cpu").asText());
  }

  @ParameterizedTest
  @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
  void kafkaTopicsAndListenersMatchTheCodeAndTheWorkers(String dir) throws Exception {
    List<JsonNode> docs = rendered(dir);
    Map<String, Workload> workloads = workloads(docs, dir);
    int contentLimit =
        contentLimit(workloads.get("fetch-worker").env(), workloads.get("process-worker").env());
    assertTopicsMatchTheCode(kafkaTopics(docs), contentLimit);
    JsonNode kafka = byKind(docs, "Kafka").get(0);
    assertThat(kafka.at("/spec/kafka/config/message.max.bytes").asInt())
        .isGreaterThanOrEqualTo(PageLimits.maxMessageBytes(contentLimit));
    assertThat(kafka.at("/spec/kafka/config/auto.create.topics.enable").asBoolean(true)).isFalse();
    int brokers = 0;
    for (JsonNode pool : byKind(docs, "KafkaNodePool")) {
      brokers +=
          texts(pool.at("/spec/roles")).contains("broker") ? pool.at("/spec/replicas").asInt() : 0;
    }
    for (JsonNode topic : byKind(docs, "KafkaTopic")) {
      assertThat(topic.at("/metadata/labels/strimzi.io~1cluster").asText()).isEqualTo(name(kafka));
      assertThat(topic.at("/spec/replicas").asInt()).isBetween(1, brokers);
    }
    for (Workload workload : workloads.values()) {
      assertConnectsThroughAListener(kafka, workload.env(), docs);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"})
  void autoscalersNeverScalePastThePartitions(String dir) throws Exception {
    List<JsonNode> docs = rendered(dir);
    Map<String, Workload> workloads = workloads(docs, dir);
    Workload fetch = workloads.get("fetch-worker");
    JsonNode kafka = byKind(docs, "Kafka").get(0);
    for (JsonNode scaled : byKind(docs, "ScaledObject")) {
      assertThat(scaled.at("/spec/scaleTargetRef/name").asText()).isEqualTo(name(fetch.resource()));
      JsonNode trigger = scaled.at("/spec/triggers/0/metadata");
      assertThat(trigger.get("topic").asText()).isEqualTo(Topics.URLS.name());
      assertThat(trigger.get("consumerGroup").asText())
          .isEqualTo(fetch.get("TRAWL_FETCHER_GROUP_ID"));
      String namespace = kafka.at("/metadata/namespace").asText();
      assertThat(trigger.get("bootstrapServers").asText())
          .isEqualTo(
              name(kafka) + "-kafka-bootstrap." + namespace + ".svc:" + bootstrapPort(fetch.env()));
      boolean sasl = fetch.env().containsKey("TRAWL_KAFKA_SASL_JAAS_CONFIG");
      assertThat(trigger.path("sasl").asText("none")).isEqualTo(sasl ? "scram_sha512" : "none");
      assertThat(scaled.at("/spec/triggers/0/authenticationRef").isMissingNode()).isEqualTo(!sasl);
      assertThat(scaled.at("/spec/maxReplicaCount").asInt())
          .isLessThanOrEqualTo(partitions(docs, Topics.URLS));
    }
    Workload process = workloads.get("process-worker");
    int threads = Integer.parseInt(process.get("TRAWL_PROCESS_THREADS"));
    for (JsonNode hpa : byKind(docs, "HorizontalPodAutoscaler")) {
      assertThat(hpa.at("/spec/scaleTargetRef/name").asText()).isEqualTo(name(process.resource()));
      assertThat(hpa.at("/spec/maxReplicas").asInt() * threads)
          .as("stream threads at most, one per partition of trawl.pages")
          .isLessThanOrEqualTo(partitions(docs, Topics.PAGES));
    }
  }

  /** The content limit both fleets agree on. */
  private static int contentLimit(Map<String, String> fetchEnv, Map<String, String> processEnv) {
    assertThat(processEnv.get(CONTENT_LIMIT)).isEqualTo(fetchEnv.get(CONTENT_LIMIT));
    return Integer.parseInt(fetchEnv.get(CONTENT_LIMIT));
  }

  /** Topics exactly as {@link Topics#all()}, with TopicSetup's configs (larger limits allowed). */
  private static void assertTopicsMatchTheCode(
      Map<String, Map<String, String>> topics, int contentLimit) {
    assertThat(topics.keySet())
        .containsExactlyInAnyOrderElementsOf(Topics.all().stream().map(Topic::name).toList());
    for (Topic<String, ?> topic : Topics.all()) {
      Map<String, String> actual = topics.get(topic.name());
      for (Map.Entry<String, String> config : codeConfigs(topic, contentLimit).entrySet()) {
        if (config.getKey().equals("max.message.bytes")) {
          assertThat(actual.get(config.getKey()))
              .as(topic.name())
              .asInt()
              .isGreaterThanOrEqualTo(Integer.parseInt(config.getValue()));
        } else {
          assertThat(actual).as(topic.name()).containsEntry(config.getKey(), config.getValue());
        }
      }
    }
  }

  /** KafkaTopic configs by topic name; trawl.pages and trawl.fetch-dlq are co-partitioned. */
  private static Map<String, Map<String, String>> kafkaTopics(List<JsonNode> docs) {
    Map<String, Map<String, String>> topics = new LinkedHashMap<>();
    byKind(docs, "KafkaTopic").forEach(t -> topics.put(topicName(t), toMap(t.at("/spec/config"))));
    assertThat(partitions(docs, Topics.FETCH_DLQ))
        .as("trawl.pages and trawl.fetch-dlq are co-partitioned")
        .isEqualTo(partitions(docs, Topics.PAGES));
    return topics;
  }

  private static int partitions(List<JsonNode> docs, Topic<?, ?> topic) {
    return byKind(docs, "KafkaTopic").stream()
        .filter(t -> topicName(t).equals(topic.name()))
        .findFirst()
        .orElseThrow()
        .at("/spec/partitions")
        .asInt();
  }

  private static String topicName(JsonNode kafkaTopic) {
    return kafkaTopic.at("/spec/topicName").asText(name(kafkaTopic));
  }

  /**
   * A client reaches the cluster through one of its listeners, with the security it demands: TLS
   * needs SSL or SASL_SSL; SCRAM needs SASL_SSL and the JAAS config from a SCRAM KafkaUser's
   * Secret.
   */
  private static void assertConnectsThroughAListener(
      JsonNode kafka, Map<String, String> env, List<JsonNode> docs) {
    assertThat(env.get("TRAWL_BOOTSTRAP_SERVERS")).startsWith(name(kafka) + "-kafka-bootstrap:");
    JsonNode listener = null;
    for (JsonNode candidate : kafka.at("/spec/kafka/listeners")) {
      listener = candidate.get("port").asInt() == bootstrapPort(env) ? candidate : listener;
    }
    assertThat(listener).as("a listener on the bootstrap port").isNotNull();
    String protocol = env.getOrDefault("TRAWL_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT");
    if (listener.at("/authentication/type").asText().equals("scram-sha-512")) {
      assertThat(protocol).isEqualTo("SASL_SSL");
      assertThat(env.get("TRAWL_KAFKA_SASL_MECHANISM")).isEqualTo("SCRAM-SHA-512");
      assertThat(byKind(docs, "KafkaUser"))
          .filteredOn(user -> user.at("/spec/authentication/type").asText().equals("scram-sha-512"))
          .extracting(user -> "secret:" + name(user) + "/sasl.jaas.config")
          .contains(env.get("TRAWL_KAFKA_SASL_JAAS_CONFIG"));
    } else {
      assertThat(protocol).isEqualTo(listener.get("tls").asBoolean() ? "SSL" : "PLAINTEXT");
    }
  }

  private static int bootstrapPort(Map<String, String> env) {
    String servers = env.get("TRAWL_BOOTSTRAP_SERVERS");
    return Integer.parseInt(servers.substring(servers.lastIndexOf(':') + 1));
  }

  /** The configs TopicSetup creates a topic with (package-private there, read by reflection). */
  @SuppressWarnings("unchecked")
  private static Map<String, String> codeConfigs(Topic<String, ?> topic, int contentLimit) {
    try {
      Method configs = TopicSetup.class.getDeclaredMethod("configs", Topic.class, int.class);
      configs.setAccessible(true);
      return (Map<String, String>) configs.invoke(null, topic, contentLimit);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(
          "TopicSetup.configs(Topic, int) is needed to check topic configs", e);
    }
  }

  /** Every container that runs a trawl command, by command; each variable it gets is an option. */
  private static Map<String, Workload> workloads(List<JsonNode> docs, String dir) {
    Map<String, JsonNode> configMaps = new HashMap<>();
    byKind(docs, "ConfigMap").forEach(cm -> configMaps.put(name(cm), cm.path("data")));
    Map<String, Workload> workloads = new LinkedHashMap<>();
    for (JsonNode resource : docs) {
      String kind = resource.path("kind").asText();
      JsonNode pod =
          resource.at(
              kind.equals("CronJob")
                  ? "/spec/jobTemplate/spec/template/spec"
                  : "/spec/template/spec");
      if (Set.of("Deployment", "StatefulSet", "Job", "CronJob").contains(kind)) {
        for (JsonNode container : pod.get("containers")) {
          String command = container.at("/args/0").asText();
          Map<String, String> given = containerEnv(container, configMaps);
          assertOptionsOf(command, given.keySet(), dir + " " + name(resource));
          workloads.put(
              command, new Workload(resource, pod, container, withDefaults(command, given)));
        }
      }
    }
    return workloads;
  }

  /** Variables by name: their values, or secret:NAME/KEY for values read from a Secret. */
  private static Map<String, String> containerEnv(
      JsonNode container, Map<String, JsonNode> configMaps) {
    Map<String, String> env = new LinkedHashMap<>();
    for (JsonNode source : container.path("envFrom")) {
      String configMap = source.at("/configMapRef/name").asText(null);
      if (configMap != null) {
        assertThat(configMaps).as("ConfigMap " + configMap).containsKey(configMap);
        env.putAll(toMap(configMaps.get(configMap)));
      }
    }
    for (JsonNode variable : container.path("env")) {
      JsonNode secret = variable.at("/valueFrom/secretKeyRef");
      env.put(
          variable.get("name").asText(),
          secret.isMissingNode()
              ? variable.path("value").asText()
              : "secret:" + secret.get("name").asText() + "/" + secret.get("key").asText());
    }
    return env;
  }

  private static void assertOptionsOf(String command, Set<String> variables, String where) {
    assertThat(COMMAND_ENV).as(where + " runs a trawl command").containsKey(command);
    assertThat(variables)
        .as("%s: variables of %s", where, command)
        .allMatch(v -> COMMAND_ENV.get(command).containsKey(v) || isKafkaProperty(v));
  }

  /** The given variables over the command's defaults. */
  private static Map<String, String> withDefaults(String command, Map<String, String> given) {
    Map<String, String> env = new HashMap<>(COMMAND_ENV.get(command));
    env.values().removeIf(Objects::isNull);
    env.putAll(given);
    return env;
  }

  private static long graceSeconds(String command, Map<String, String> env) {
    String prefix = command.equals("fetch-worker") ? "TRAWL_FETCHER" : "TRAWL_PROCESS";
    return Long.parseLong(env.get(prefix + GRACE_SUFFIX)) / 1000;
  }

  /** The path and port number an HTTP probe asks, with a named port resolved. */
  private static String probe(JsonNode container, String probe) {
    JsonNode get = container.at("/" + probe + "/httpGet");
    int port = get.get("port").asInt(-1);
    for (JsonNode declared : container.path("ports")) {
      port =
          declared.path("name").asText().equals(get.get("port").asText())
              ? declared.get("containerPort").asInt()
              : port;
    }
    return get.get("path").asText() + ":" + port;
  }

  private static List<String> emptyDirMounts(Workload workload) {
    List<String> emptyDirs = new ArrayList<>();
    workload
        .pod()
        .path("volumes")
        .forEach(v -> emptyDirs.add(v.has("emptyDir") ? v.get("name").asText() : ""));
    List<String> paths = new ArrayList<>();
    for (JsonNode mount : workload.container().path("volumeMounts")) {
      paths.add(
          emptyDirs.contains(mount.get("name").asText()) ? mount.get("mountPath").asText() : "");
    }
    return paths;
  }

  /** A TRAWL_KAFKA_<KEY> variable whose key is a Kafka client or Kafka Streams property. */
  private static boolean isKafkaProperty(String variable) {
    if (!variable.startsWith("TRAWL_KAFKA_")) {
      return false;
    }
    String key = variable.substring("TRAWL_KAFKA_".length()).toLowerCase().replace('_', '.');
    return ProducerConfig.configNames().contains(key)
        || ConsumerConfig.configNames().contains(key)
        || AdminClientConfig.configNames().contains(key)
        || StreamsConfig.configDef().names().contains(key);
  }

  /** Each role's environment variables with their defaults, from the settings' definitions. */
  private static Map<String, Map<String, String>> commandEnvironment() {
    Map<String, Map<String, String>> commands = new HashMap<>();
    Roles.settings()
        .forEach(
            (role, settings) -> {
              Map<String, String> env = new HashMap<>();
              settings.stream()
                  .filter(setting -> !setting.takesEnvPrefix())
                  .forEach(setting -> env.put(setting.env(), formattedDefault(setting)));
              commands.put(role, env);
            });
    return commands;
  }

  private static <T> String formattedDefault(Setting<T> setting) {
    T value = setting.defaultValue();
    return value == null ? null : setting.type().format(value);
  }

  /** A kustomization rendered by kubectl; skips the test where kubectl is not installed. */
  private static List<JsonNode> rendered(String dir) throws IOException, InterruptedException {
    List<JsonNode> docs = RENDERED.get(dir);
    if (docs == null) {
      Path errors = Files.createTempFile("kustomize", ".err");
      Process kubectl;
      try {
        kubectl =
            new ProcessBuilder("kubectl", "kustomize", ROOT.resolve(dir).toString())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectError(errors.toFile())
                .start();
      } catch (IOException e) {
        Files.delete(errors);
        return abort("kubectl is not installed: the rendered Kubernetes manifests are not checked");
      }
      String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(kubectl.exitValue())
          .as("kubectl kustomize %s: %s", dir, Files.readString(errors))
          .isZero();
      Files.delete(errors);
      docs = readAll(out);
      RENDERED.put(dir, docs);
    }
    return docs;
  }

  private static List<JsonNode> readAll(String yaml) throws IOException {
    try (var values = YAML.readValues(YAML.createParser(yaml), JsonNode.class)) {
      return values.readAll().stream().filter(doc -> doc != null && doc.isObject()).toList();
    }
  }

  private static List<JsonNode> byKind(List<JsonNode> docs, String kind) {
    return docs.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
  }

  private static String name(JsonNode resource) {
    return resource.at("/metadata/name").asText();
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
